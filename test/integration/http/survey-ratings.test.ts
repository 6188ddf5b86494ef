// A survey rating is an integer on the scale: a JSON integer from a script, or one of the form's digit strings.
// Issue 8 found `true` stored as 1 (with a low-score alert), and `[4]`, `"0x4"`, `" 4 "` stored as 4. Each such
// answer is now a 400 (JSON with the field's path; the form again with its message), stores nothing and emails
// nobody — through the gateway, DynamoDB Local and the SES v2 stand-in.
import { beforeAll, describe, expect, it } from 'vitest';
import { defaultRubric } from '#shared/rubric/default.ts';
import { findSurveyResponse } from '#shared/storage/survey.ts';
import { readSentEmails, useSesLocal } from '../../support/ses.ts';
import { readJson, useStack } from '../../support/stack.ts';

const ses = useSesLocal();
beforeAll(() => {
  process.env.SES_ENDPOINT = ses.ses.url;
});
const stack = useStack();
const questions = defaultRubric.survey.questions;
const first = questions[0]!.key;

/** Every question rated 3 (no alert), the first one `value`. */
function ratingsWith(value: unknown): Record<string, unknown> {
  return { ...Object.fromEntries(questions.map((q) => [q.key, 3])), [first]: value };
}

const postJson = (url: string, body: unknown) =>
  fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

const postForm = (url: string, ratings: Record<string, unknown>) =>
  fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      ...Object.fromEntries(Object.entries(ratings).map(([k, v]) => [`ratings.${k}`, String(v)])),
      comment: 'kept',
    }).toString(),
  });

describe('survey ratings', () => {
  it.each([
    ['true', true],
    ['[4]', [4]],
    ['"0x4"', '0x4'],
    ['" 4 "', ' 4 '],
    ['4.5', 4.5],
    ['0', 0],
    ['6', 6],
    ['"4" (a string: JSON sends numbers)', '4'],
    ['null', null],
  ])('JSON rating %s → 400 naming the question; nothing stored, no alert', async (_, value) => {
    const { url, invitation } = await stack.surveyCase();
    const emailsBefore = (await readSentEmails(ses.ses.url)).length;
    const res = await postJson(url, { ratings: ratingsWith(value) });
    expect(res.status).toBe(400);
    expect((await readJson(res)).problems).toContainEqual({
      path: `ratings.${first}`,
      message: 'choose a rating from 1 to 5',
    });
    expect(await findSurveyResponse(stack.storage, invitation)).toBeUndefined();
    expect(await readSentEmails(ses.ses.url)).toHaveLength(emailsBefore);
  });

  it.each(['true', '0x4', ' 4 ', '4.5', '0', '6', '04', '+4', '4e0', '４', ''])(
    'form rating %j → the form again with the question’s message; nothing stored, no alert',
    async (value) => {
      const { url, invitation } = await stack.surveyCase({ language: 'en' });
      const emailsBefore = (await readSentEmails(ses.ses.url)).length;
      const res = await postForm(`${url}?lang=en`, ratingsWith(value));
      expect(res.status).toBe(400);
      const page = await res.text();
      expect(page).toContain('<form method="post"');
      expect(page).toContain(`id="q-${first}"`);
      expect(page).toMatch(new RegExp(`id="q-${first}"[^>]*>\\s*<legend>[^<]*</legend>\\s*<p class="error"`));
      expect(page).toContain('kept</textarea>');
      expect(await findSurveyResponse(stack.storage, invitation)).toBeUndefined();
      expect(await readSentEmails(ses.ses.url)).toHaveLength(emailsBefore);
    },
  );

  it('takes a JSON integer and the form’s digit string; a low one still alerts the manager', async () => {
    const json = await stack.surveyCase();
    const byScript = await postJson(json.url, { ratings: ratingsWith(4), expectedRevision: 0 });
    expect(byScript.status).toBe(201);
    expect((await findSurveyResponse(stack.storage, json.invitation))?.ratings[first]).toBe(4);
    const staleRevision = await postJson(json.url, { ratings: ratingsWith(4), expectedRevision: '1' });
    expect(staleRevision.status).toBe(400);

    const form = await stack.surveyCase();
    const emailsBefore = (await readSentEmails(ses.ses.url)).length;
    expect((await postForm(form.url, ratingsWith('2'))).status).toBe(200);
    expect((await findSurveyResponse(stack.storage, form.invitation))?.ratings[first]).toBe(2);
    await stack.sendWaitingAlerts();
    expect(await readSentEmails(ses.ses.url)).toHaveLength(emailsBefore + 1);
  });
});
