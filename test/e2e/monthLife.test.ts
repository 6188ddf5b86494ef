// The whole life of one month on the local stack (../shared/spec/lifecycle.md), as its users go through it:
// collecting (a run refused) → closed → provisional (the first run: reports emailed with the appeal link) → an
// appeal filed in a real browser (the manager emailed) → finalising refused while it is open → upheld with an
// override (the engineer emailed) → the revised report saying what changed and why → finalised (one final
// summary, nothing re-sent for unchanged cards) → a write refused → reopened → revised again. Every email is read
// back from the SES stand-in and checked for what it must say; every step goes through the admin API, as `kpi`
// and the console do, on the real clock.
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../../local/chromium.ts';
import { latestClosedMonth } from '../../shared/domain/monthTimeline.ts';
import { monthOf, nextMonth } from '../../shared/domain/values.ts';
import { installMonthRuns } from '../../shared/http/admin.ts';
import { formatMonth } from '../../shared/mail/locale.ts';
import { inProcessMonthRuns } from '../../shared/pipeline/localRuns.ts';
import { defaultRubric } from '../../shared/rubric/default.ts';
import { getOrganisationSettings } from '../../shared/storage/organisation.ts';
import { testContext } from '../integration/pipeline/support.ts';
import { readSentEmails, type SentEmail, useSesLocal } from '../support/ses.ts';
import { useStack } from '../support/stack.ts';

const ses = useSesLocal();
beforeAll(() => {
  process.env.SES_ENDPOINT = ses.ses.url;
});
const stack = useStack();
const MANAGER = 'manager@example.com';
let browser: Browser;

beforeAll(async () => {
  browser = await launchChromium();
  // What `npm start` wires: the admin API's runs (run, finalise) happen in this process.
  installMonthRuns(
    inProcessMonthRuns(testContext(stack.storage, ses.client, stack.url), { retryDelayMs: 10 }),
  );
});
afterAll(async () => {
  installMonthRuns(undefined);
  await browser?.close();
});

/** The admin API as a manager's script calls it; the status and the JSON answer. */
// biome-ignore lint/suspicious/noExplicitAny: the answers of a dozen routes, each checked where it is read
async function api(method: string, path: string, body?: unknown): Promise<{ status: number; json: any }> {
  const res = await fetch(`${stack.url}${path}`, {
    method,
    headers: { authorization: `Bearer ${stack.adminToken}`, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, json: await res.json() };
}

let seen = 0;
/** The emails sent since the last look. */
async function newEmails(): Promise<SentEmail[]> {
  const all = await readSentEmails(ses.ses.url);
  const fresh = all.slice(seen);
  seen = all.length;
  return fresh;
}
const to = (emails: SentEmail[], address: string) => emails.filter((e) => e.to.includes(address));

describe('the life of a month', () => {
  it('goes from collecting to final and back, and every email says what it must', async () => {
    const settings = await getOrganisationSettings(stack.storage);
    const now = new Date();
    const month = latestClosedMonth(now, settings, defaultRubric.dailyReportDeadline);
    const collecting = monthOf(now, settings.timezone);
    const monthZh = formatMonth(month, 'zh-CN');
    const li = await stack.engineer({ name: 'Li Wei', language: 'en' });
    const chen = await stack.engineer({ name: 'Chen Jing', language: 'en' });
    await newEmails();

    // Collecting: the current month cannot be run, and says when its evidence closes.
    expect((await api('GET', `/admin/months/${collecting}`)).json.state).toBe('collecting');
    const refused = await api('POST', `/admin/months/${collecting}/run`, {});
    expect(refused.status).toBe(409);
    expect(refused.json.error).toMatch(
      new RegExp(
        `^${collecting} is still collecting evidence; it can be scored once its evidence closes, ${nextMonth(collecting)}-\\d\\d \\d\\d:\\d\\d \\(Asia/Shanghai\\)$`,
      ),
    );

    // Closed: nothing scored yet.
    expect((await api('GET', `/admin/months/${month}`)).json).toMatchObject({
      state: 'closed',
      firstRunAt: null,
    });

    // Provisional: the first run emails each engineer a report with the appeal link, and the manager a summary.
    const first = await api('POST', `/admin/months/${month}/run`, {});
    expect(first.status).toBe(200);
    expect(first.json).toMatchObject({ month, final: false, parked: [], summary: 'sent' });
    const status = (await api('GET', `/admin/months/${month}`)).json;
    expect(status).toMatchObject({ state: 'provisional', appealsOpen: true, openAppeals: [] });
    expect(Date.parse(status.appealDeadline) - Date.parse(status.firstRunAt)).toBe(7 * 86_400_000);
    const firstEmails = await newEmails();
    const [liReport] = to(firstEmails, li.email);
    expect(to(firstEmails, chen.email)).toHaveLength(1);
    expect(to(firstEmails, MANAGER)).toHaveLength(1);
    expect(liReport!.subject).not.toMatch(/Revised/);
    const appealUrl = /(http\S+\/a\/[A-Za-z0-9._~-]+)/.exec(liReport!.text)?.[1];
    expect(appealUrl, 'the provisional report carries the appeal link').toBeDefined();
    expect(liReport!.text).toContain('Learning and knowledge sharing (weight 10%): 0 / 15');

    // An appeal through the browser: opening the link files nothing; submitting files it.
    const page = await (await browser.newContext({ javaScriptEnabled: false })).newPage();
    await page.goto(appealUrl!);
    expect((await api('GET', `/admin/months/${month}/appeals`)).json).toEqual([]);
    await page.locator('input[name="indicators"][value="learning"]').check();
    await page.locator('textarea[name="reason"]').fill('My exam was re-marked: 91, not 64.');
    await Promise.all([
      page.waitForNavigation(),
      page.locator('form[method="post"] button[type="submit"]').click(),
    ]);
    expect(await page.locator('body').textContent()).toContain('Your appeal has been filed');
    expect(await page.locator('textarea[name="reason"]').inputValue()).toBe(
      'My exam was re-marked: 91, not 64.',
    );
    const [appeal] = (await api('GET', `/admin/months/${month}/appeals`)).json;
    expect(appeal).toMatchObject({
      engineerId: li.id,
      status: 'open',
      indicators: ['learning'],
      cardRevision: 1,
    });
    // The manager is emailed at once (the notifier), with the indicator and the reason.
    await stack.sendWaitingAlerts();
    const [filed] = to(await newEmails(), MANAGER);
    expect(filed!.text).toContain('My exam was re-marked: 91, not 64.');
    expect(filed!.text).toContain(li.name);

    // Finalising waits for the open appeal, and names it.
    const blocked = await api('POST', `/admin/months/${month}/finalize`, {});
    expect(blocked.status).toBe(409);
    expect(blocked.json.error).toContain(`${li.id} (${appeal.id})`);

    // Upheld with the correction as an override; the engineer is told the outcome and why.
    const resolved = await api('POST', `/admin/appeals/${appeal.id}/resolve`, {
      upheld: true,
      reason: 'exam re-marked to 91',
      indicator: 'learning',
      points: 10,
    });
    expect(resolved.status).toBe(200);
    await stack.sendWaitingAlerts();
    const [outcome] = to(await newEmails(), li.email);
    expect(outcome!.text).toMatch(/upheld/i);
    expect(outcome!.text).toContain('exam re-marked to 91');

    // The re-run: only Li's card changed; the revised report says what moved and why; Chen gets nothing.
    const rerun = await api('POST', `/admin/months/${month}/run`, {});
    expect(rerun.json).toMatchObject({ summary: 'sent' });
    const rerunEmails = await newEmails();
    expect(to(rerunEmails, chen.email)).toEqual([]);
    const [revised] = to(rerunEmails, li.email);
    expect(revised!.subject).toMatch(/^\[Revised\]/);
    expect(revised!.text).toContain('revision 2');
    expect(revised!.text).toContain('Learning and knowledge sharing 0 → 10');
    expect(revised!.text).toContain(`exam re-marked to 91 (answers appeal ${appeal.id})`);
    // The revised summary lists who changed, old → new total, and the appeal's outcome.
    const [revisedSummary] = to(rerunEmails, MANAGER);
    expect(revisedSummary!.subject).toBe(`【修订】${monthZh} 团队绩效汇总`);
    const changes = revisedSummary!.text.split('与上次汇总相比的变化：')[1]!.split('\n\n')[0]!;
    expect(changes.trim().split('\n')).toEqual([`  - ${li.name}：65 → 75（第 2 版）`.trim()]);
    expect(revisedSummary!.text).toContain(`${li.name} — 成立：技术学习交流与成长`);

    // Finalised: nothing new for unchanged cards, one final summary to the manager.
    const finalized = await api('POST', `/admin/months/${month}/finalize`, {});
    expect(finalized.status).toBe(200);
    expect(finalized.json).toMatchObject({ outcome: 'finalized' });
    const finalEmails = await newEmails();
    expect(to(finalEmails, li.email)).toEqual([]);
    expect(to(finalEmails, chen.email)).toEqual([]);
    expect(to(finalEmails, MANAGER).map((e) => e.subject)).toEqual([`【最终】${monthZh} 团队绩效汇总`]);
    const final = (await api('GET', `/admin/months/${month}`)).json;
    expect(final).toMatchObject({ state: 'final', finalizedBy: stack.adminTokenName });

    // A write to the final month is refused, naming the month and since when; its appeal link is gone.
    const write = await api('PUT', '/admin/exam-scores', { engineerId: chen.id, month, score: 95 });
    expect(write.status).toBe(409);
    expect(write.json.error).toMatch(
      new RegExp(`^${month} is final since .+ \\(Asia/Shanghai\\); an admin must reopen it to change it$`),
    );
    expect((await fetch(appealUrl!)).status).toBe(410);

    // Reopened with a reason: the change lands and the next run sends the revised report, saying why.
    const reopened = await api('POST', `/admin/months/${month}/reopen`, {
      reason: 'Chen’s exam result arrived late',
    });
    expect(reopened.json).toMatchObject({
      state: 'provisional',
      reopenReason: 'Chen’s exam result arrived late',
    });
    expect((await api('PUT', '/admin/exam-scores', { engineerId: chen.id, month, score: 95 })).status).toBe(
      200,
    );
    await api('POST', `/admin/months/${month}/run`, {});
    const againEmails = await newEmails();
    expect(to(againEmails, li.email)).toEqual([]);
    const [chenRevised] = to(againEmails, chen.email);
    expect(chenRevised!.subject).toMatch(/^\[Revised\]/);
    expect(chenRevised!.text).toContain('Learning and knowledge sharing 0 → 8');
    expect(chenRevised!.text).toContain(`exam score 95 set by ${stack.adminTokenName}`);

    // The record of changes has every step, with who made it.
    const audit = (await api('GET', `/admin/months/${month}/audit`)).json.entries as Array<{
      action: string;
      actor: string;
      item: { kind: string };
    }>;
    // Oldest first; the upheld appeal and its override are one write (the same instant, in either order).
    const lines = audit.map((e) => `${e.action} ${e.item.kind} by ${e.actor}`);
    expect([...lines.slice(0, 1), ...lines.slice(1, 3).sort(), ...lines.slice(3)]).toEqual([
      `appealed appeal by engineer:${li.id}`,
      `appeal-upheld appeal by ${stack.adminTokenName}`,
      `created override by ${stack.adminTokenName}`,
      `finalized month by ${stack.adminTokenName}`,
      `reopened month by ${stack.adminTokenName}`,
      `created exam-score by ${stack.adminTokenName}`,
    ]);
  });
});
