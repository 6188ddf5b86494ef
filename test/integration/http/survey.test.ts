// The survey form through the local gateway against DynamoDB Local: what a respondent (or a mail scanner, or an
// attacker) sees and what ends up stored.
import { randomUUID } from 'node:crypto';
import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { linkKey } from '../../../shared/links/key.ts';
import { signLink } from '../../../shared/links/token.ts';
import { defaultRubric } from '../../../shared/rubric/default.ts';
import {
  closeInvitation,
  findInvitation,
  findSurveyResponse,
  listAnsweredInvitations,
  listSurveyResponseRevisions,
} from '../../../shared/storage/survey.ts';
import { readJson, useStack } from '../../support/stack.ts';

const stack = useStack();
const questions = defaultRubric.survey.questions;

function formBody(ratings: number[], comment = ''): string {
  const form = new URLSearchParams();
  questions.forEach((q, i) => {
    if (ratings[i] !== undefined) form.set(`ratings.${q.key}`, String(ratings[i]));
  });
  form.set('comment', comment);
  return form.toString();
}

const postForm = (url: string, body: string) =>
  fetch(url, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body });

function checkedValue(page: string, key: string): string | undefined {
  const m = new RegExp(`name="ratings\\.${key}" value="(\\d)" checked`).exec(page);
  return m?.[1];
}

describe('survey form', () => {
  it('shows the five questions in the respondent’s language, with a switch to the other, and changes nothing', async () => {
    const { url, invitation, engineer } = await stack.surveyCase({ language: 'zh-CN' });
    const res = await fetch(url);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/html');
    const page = await res.text();
    expect(page).toContain('<html lang="zh-CN">');
    for (const q of questions) {
      expect(page).toContain(q.text['zh-CN']);
      for (let v = 1; v <= 5; v++) expect(page).toContain(`name="ratings.${q.key}" value="${v}"`);
    }
    expect(page).toContain(engineer.name);
    expect(page).toContain('name="viewport"');
    expect(page).toContain('href="?lang=en"');
    expect(page).not.toContain('<script');
    // Security headers: our own stylesheet only, forms post to ourselves, never framed.
    const csp = res.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("form-action 'self'");
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('cache-control')).toBe('no-store');

    const english = await (await fetch(`${url}?lang=en`)).text();
    expect(english).toContain('<html lang="en">');
    for (const q of questions) expect(english).toContain(q.text.en.replace(/'/g, '&#39;'));

    // Opening the link (twice) burned nothing.
    const stored = await findInvitation(stack.storage, invitation.id);
    expect(stored?.status).toBe('open');
    expect(await findSurveyResponse(stack.storage, invitation)).toBeUndefined();
  });

  it('stores an answer, confirms it, shows the saved answers on reopening, and keeps every edit', async () => {
    const { url, invitation } = await stack.surveyCase({ language: 'en' });
    const first = await postForm(`${url}?lang=en`, formBody([5, 4, 3, 2, 1], 'Quick and clear'));
    expect(first.status).toBe(200);
    expect(await first.text()).toContain('Your answers have been saved.');

    const reopened = await (await fetch(url)).text();
    expect(questions.map((q) => checkedValue(reopened, q.key))).toEqual(['5', '4', '3', '2', '1']);
    expect(reopened).toContain('Quick and clear</textarea>');

    const second = await postForm(`${url}?lang=en`, formBody([5, 5, 5, 5, 4], 'Better after the fix'));
    expect(second.status).toBe(200);
    const latest = await findSurveyResponse(stack.storage, invitation);
    expect(latest?.revision).toBe(2);
    expect(latest?.ratings).toEqual(Object.fromEntries(questions.map((q, i) => [q.key, [5, 5, 5, 5, 4][i]])));
    expect(latest?.comment).toBe('Better after the fix');
    const revisions = await listSurveyResponseRevisions(stack.storage, invitation);
    expect(revisions.map((r) => r.comment)).toEqual(['Quick and clear', 'Better after the fix']);
    // Answered: the month's responses name it (what status, reminders and the summary read).
    const answered = await listAnsweredInvitations(stack.storage, invitation.month);
    expect(answered.find((a) => a.invitationId === invitation.id)?.revision).toBe(2);
  });

  it('says when the answer was saved as the organisation’s local time, never a raw UTC instant', async () => {
    const { url, invitation } = await stack.surveyCase({ language: 'zh-CN' });
    expect((await postForm(url, formBody([5, 4, 5, 4, 5]))).status).toBe(200);
    const saved = (await findSurveyResponse(stack.storage, invitation))!;
    const local = DateTime.fromISO(saved.submittedAt).setZone('Asia/Shanghai').toFormat('yyyy-MM-dd HH:mm');
    const page = await (await fetch(url)).text();
    expect(page).toContain(`您已于 ${local} 提交过评价`);
    expect(page).not.toContain(saved.submittedAt);
  });

  it('re-renders a bad submission with the messages and the answers kept, writing nothing', async () => {
    const { url, invitation } = await stack.surveyCase({ language: 'zh-CN' });
    const res = await postForm(url, formBody([4, 6, 3], 'keep me'));
    expect(res.status).toBe(400);
    const page = await res.text();
    expect(page).toContain('请检查以下内容');
    // Each question without a valid rating is named; the valid answers stay selected.
    expect(page).toContain(questions[1]!.label['zh-CN']);
    expect(page).toContain(questions[3]!.label['zh-CN']);
    // Beside each failed question too, tied to its choices for screen readers; the others are not marked.
    const failed = questions[1]!.key;
    expect(page).toContain(`<p class="error" id="q-${failed}-error">`);
    expect(page).toContain(
      `name="ratings.${failed}" value="1" required aria-invalid="true" aria-describedby="q-${failed}-error"`,
    );
    expect(page).not.toContain(`name="ratings.${questions[0]!.key}" value="1" required aria-invalid`);
    expect(checkedValue(page, questions[0]!.key)).toBe('4');
    expect(checkedValue(page, questions[2]!.key)).toBe('3');
    expect(page).toContain('keep me</textarea>');
    expect(await findSurveyResponse(stack.storage, invitation)).toBeUndefined();
  });

  it('accepts JSON from scripts and answers problems with field paths', async () => {
    const { url, invitation } = await stack.surveyCase();
    const ratings = Object.fromEntries(questions.map((q) => [q.key, 5]));
    const ok = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ ratings, comment: 'scripted' }),
    });
    expect(ok.status).toBe(201);
    expect((await readJson(ok)).response.revision).toBe(1);

    const bad = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ ratings: { ...ratings, [questions[0]!.key]: 9 } }),
    });
    expect(bad.status).toBe(400);
    const body = await readJson(bad);
    expect(body.problems).toContainEqual({
      path: `ratings.${questions[0]!.key}`,
      message: 'choose a rating from 1 to 5',
    });

    const read = await fetch(url, { headers: { accept: 'application/json' } });
    expect(read.status).toBe(200);
    const shown = await readJson(read);
    expect(shown.questions.map((q: { key: string }) => q.key)).toEqual(questions.map((q) => q.key));
    expect(shown.response.comment).toBe('scripted');

    const notJson = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{oops',
    });
    expect(notJson.status).toBe(400);
    expect((await findSurveyResponse(stack.storage, invitation))?.revision).toBe(1);
  });

  it('stores hostile text and shows it escaped', async () => {
    const { url } = await stack.surveyCase({ language: 'en' });
    const payload = '</textarea><script>alert(1)</script>"><img src=x onerror=alert(2)>';
    expect((await postForm(url, formBody([3, 3, 3, 3, 3], payload))).status).toBe(200);
    const page = await (await fetch(url)).text();
    expect(page).not.toContain('<script>alert(1)');
    expect(page).not.toContain('<img src=x');
    expect(page).toContain(
      '&lt;/textarea&gt;&lt;script&gt;alert(1)&lt;/script&gt;&quot;&gt;&lt;img src=x onerror=alert(2)&gt;',
    );
  });

  it('keeps every one of several concurrent edits and ends on a consistent latest revision', async () => {
    const { url, invitation } = await stack.surveyCase();
    const n = 8;
    const results = await Promise.all(
      Array.from({ length: n }, (_, i) => postForm(url, formBody([1 + (i % 5), 3, 3, 3, 3], `edit ${i}`))),
    );
    expect(results.map((r) => r.status)).toEqual(Array(n).fill(200));
    const revisions = await listSurveyResponseRevisions(stack.storage, invitation);
    expect(revisions.map((r) => r.revision)).toEqual(Array.from({ length: n }, (_, i) => i + 1));
    expect(new Set(revisions.map((r) => r.comment)).size).toBe(n);
    const latest = await findSurveyResponse(stack.storage, invitation);
    expect(latest?.revision).toBe(n);
    expect(latest).toEqual(revisions[n - 1]);
  });
});

describe('bad survey links', () => {
  const notValid = async (url: string, status: number) => {
    for (const res of [await fetch(url), await postForm(url, formBody([5, 5, 5, 5, 5]))]) {
      expect(res.status).toBe(status);
      const page = await res.text();
      expect(page).toContain(status === 403 ? 'This link is not valid' : 'This link is no longer valid');
      expect(page).not.toMatch(/Error|at .*\.ts/);
    }
  };

  it('tampered → 403', async () => {
    const { url, token, invitation } = await stack.surveyCase();
    const [payload, sig] = token.split('.') as [string, string];
    const flipped = `${sig.slice(0, 5)}${sig[5] === 'A' ? 'B' : 'A'}${sig.slice(6)}`;
    await notValid(url.replace(token, `${payload}.${flipped}`), 403);
    // Re-signed with another key: the claims are fine, the signature is not ours.
    const forged = signLink(Buffer.alloc(32, 7), {
      kind: 'survey',
      id: invitation.id,
      version: 1,
      expiresAt: 4e9,
    });
    await notValid(url.replace(token, forged), 403);
    await notValid(url.replace(token, 'not-a-token'), 403);
    expect(await findSurveyResponse(stack.storage, invitation)).toBeUndefined();
  });

  it('unknown invitation → 403; a daily-report token on the survey → 403', async () => {
    const key = await linkKey();
    const unknown = signLink(key, { kind: 'survey', id: randomUUID(), version: 1, expiresAt: 4e9 });
    await notValid(`${stack.url}/s/${unknown}`, 403);
    const engineer = await stack.engineer();
    const otherKind = signLink(key, { kind: 'dailyReport', id: engineer.id, version: 1, expiresAt: 4e9 });
    await notValid(`${stack.url}/s/${otherKind}`, 403);
  });

  it('expired → 410', async () => {
    const { invitation } = await stack.surveyCase();
    const expired = signLink(await linkKey(), {
      kind: 'survey',
      id: invitation.id,
      version: 1,
      expiresAt: Math.floor(Date.now() / 1000) - 60,
    });
    await notValid(`${stack.url}/s/${expired}`, 410);
  });

  it('closed window → 410, and nothing is stored', async () => {
    const { url, invitation } = await stack.surveyCase();
    await closeInvitation(stack.storage, invitation.id);
    await notValid(url, 410);
    expect(await findSurveyResponse(stack.storage, invitation)).toBeUndefined();
  });

  it('the HTTP edge: wrong method 405 with Allow, unknown route 404, too large 413, wrong type 415', async () => {
    const { url } = await stack.surveyCase();
    const put = await fetch(url, { method: 'PUT', body: 'x' });
    expect(put.status).toBe(405);
    expect(put.headers.get('allow')).toBe('GET, POST');
    expect((await fetch(`${stack.url}/nowhere`)).status).toBe(404);
    const huge = await postForm(url, `comment=${'x'.repeat(1_100_000)}`);
    expect(huge.status).toBe(413);
    expect(await huge.text()).not.toContain('x'.repeat(100));
    const plain = await fetch(url, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: 'hi' });
    expect(plain.status).toBe(415);
  });
});
