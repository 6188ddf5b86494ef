// The low-score alert as the department manager receives it (SES v2 stand-in, simple content), sent by the
// notifier after the answer: to the manager the organisation's settings name, and to DEPARTMENT_MANAGER_EMAIL
// (what the stack configures) while the settings name nobody; an answer without a 1 or 2 sends nothing.
import { DeleteCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { organisationSettingsSchema } from '#shared/domain/organisation.ts';
import { defaultRubric } from '#shared/rubric/default.ts';
import { keys } from '#shared/storage/keys.ts';
import { putOrganisationSettings } from '#shared/storage/organisation.ts';
import { emailsTo, readSentEmails, useSesLocal } from '../../support/ses.ts';
import { uniqueId, useStack } from '../../support/stack.ts';

const FALLBACK = `${uniqueId('fallback')}@example.com`;
const ses = useSesLocal();
beforeAll(() => {
  // Before the handlers read their configuration (on their first request).
  process.env.SES_ENDPOINT = ses.ses.url;
  process.env.DEPARTMENT_MANAGER_EMAIL = FALLBACK.toUpperCase();
});
const stack = useStack();

async function answer(url: string, ratings: number[], comment: string): Promise<number> {
  const form = new URLSearchParams({ comment });
  defaultRubric.survey.questions.forEach((q, i) => {
    form.set(`ratings.${q.key}`, String(ratings[i]));
  });
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: form.toString(),
  });
  await res.arrayBuffer();
  return res.status;
}

describe('low-score alert recipient', () => {
  it("goes to the settings' department manager, not the configured fallback", async () => {
    const manager = `${uniqueId('dept')}@example.com`;
    await putOrganisationSettings(
      stack.storage,
      organisationSettingsSchema.parse({
        timezone: 'Asia/Shanghai',
        holidays: [],
        makeUpWorkdays: [],
        departmentManager: { name: 'Dept Manager', email: manager },
        defaultLanguage: 'en',
      }),
    );
    const { url, respondent, engineer } = await stack.surveyCase({ language: 'en' });
    expect(await answer(url, [2, 4, 4, 4, 4], 'slow')).toBe(200);
    await stack.sendWaitingAlerts();
    const [alert, ...more] = await emailsTo(ses.ses.url, manager);
    expect(more).toHaveLength(0);
    expect(alert!.subject).toBe(`Low rating: ${respondent.name} about ${engineer.name}`);
    expect(alert!.from).toBe('kpi@example.com');
    expect(alert!.text).toContain('slow');
    expect(alert!.attachments).toEqual([]);
    expect(await emailsTo(ses.ses.url, FALLBACK)).toHaveLength(0);
  });

  it('goes to DEPARTMENT_MANAGER_EMAIL while the organisation has no settings, and not for a calm answer', async () => {
    await stack.storage.doc.send(
      new DeleteCommand({ TableName: stack.storage.tableName, Key: keys.organisation() }),
    );
    const low = await stack.surveyCase({ language: 'zh-CN' });
    expect(await answer(low.url, [1, 3, 3, 3, 3], '')).toBe(200);
    await stack.sendWaitingAlerts();
    const alerts = await emailsTo(ses.ses.url, FALLBACK);
    expect(alerts).toHaveLength(1);
    // No settings: the product's default language.
    expect(alerts[0]!.subject).toBe(`低分提醒：${low.respondent.name} 对 ${low.engineer.name} 的评价`);

    const before = (await readSentEmails(ses.ses.url)).length;
    const calm = await stack.surveyCase({ language: 'en' });
    expect(await answer(calm.url, [3, 4, 5, 4, 3], 'fine')).toBe(200);
    await stack.sendWaitingAlerts();
    expect(await readSentEmails(ses.ses.url)).toHaveLength(before);
  });
});
