// "My month" (我的考核) in a real browser on a phone, JavaScript off: the engineer opens it from the daily-report
// page and sees their own figures, cards and appeal in English, then in Chinese — and nothing of another
// engineer or of a respondent (both seeded, with names, a card, an appeal and a comment). A revoked link is 403.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../../local/chromium.ts';
import { resolveAppeal } from '../../shared/admin/appeals.ts';
import type { Engineer } from '../../shared/domain/engineer.ts';
import { addMonths, localDateTime, monthOf } from '../../shared/domain/values.ts';
import { submitAppealForm } from '../../shared/forms/appeal.ts';
import { appealLink } from '../../shared/links/links.ts';
import { defaultRubric } from '../../shared/rubric/default.ts';
import { listAppealsOfEngineerMonth } from '../../shared/storage/appeals.ts';
import { replaceEngineer } from '../../shared/storage/engineers.ts';
import { recordFirstRun } from '../../shared/storage/months.ts';
import { storeScoreCardRevision } from '../../shared/storage/scoreCards.ts';
import { saveSurveyResponse } from '../../shared/storage/survey.ts';
import { useStack } from '../support/stack.ts';
import { busyMonth, score } from '../unit/mail/fixtures.ts';

const stack = useStack();
let browser: Browser;
const consoleErrors: string[] = [];

beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  // A CSP violation (our stylesheet's hash) shows up as a console error.
  expect(consoleErrors).toEqual([]);
});

async function phonePage(): Promise<Page> {
  const context = await browser.newContext({
    viewport: { width: 390, height: 844 },
    isMobile: true,
    hasTouch: true,
    javaScriptEnabled: false,
  });
  const page = await context.newPage();
  page.on('console', (message) => {
    if (message.type() === 'error' && !message.text().includes('status of 403'))
      consoleErrors.push(message.text());
  });
  return page;
}

/** Everything of Bob's and Carol's the page must never show. */
const SECRETS = [
  'Bob Other',
  'Bob secret customer',
  'Bob private reason',
  'Carol Respondent',
  'carol@example.com',
  'the secret comment',
];

describe('my month in the browser', () => {
  it('shows the engineer’s own month in en and zh-CN, nothing of anyone else; a revoked link is 403', async () => {
    // The handlers run on the real clock: the data is placed in the month they will read, deliberately.
    const month = monthOf(new Date(), 'Asia/Shanghai');
    const previous = addMonths(month, -1);
    const alice = await stack.engineer({ name: 'Alice Smith', language: 'en' });
    const bob = await stack.engineer({ name: 'Bob Other', language: 'zh-CN' });
    await stack.project(bob.id, { name: 'Bob secret project', customer: 'Bob secret customer' });
    const carol = await stack.respondent({ name: 'Carol Respondent', email: 'carol@example.com' });
    for (const engineer of [alice, bob]) {
      const invitation = await stack.invitation({ respondentId: carol.id, engineerId: engineer.id, month });
      await saveSurveyResponse(stack.storage, {
        invitation,
        answer: {
          ratings: Object.fromEntries(defaultRubric.survey.questions.map((q) => [q.key, 1])),
          comment: 'the secret comment',
        },
        now: new Date(),
      });
    }
    const aliceCard = { ...score(busyMonth({ exam: 91 })), engineerId: alice.id, month: previous };
    await storeScoreCardRevision(stack.storage, aliceCard, 0, new Date());
    const bobCard = { ...score(busyMonth({ exam: 20 })), engineerId: bob.id, month: previous };
    await storeScoreCardRevision(stack.storage, bobCard, 0, new Date());
    // The previous month's first run left it provisional with appeals open; Alice files one from her report's
    // link and the manager rejects it; Bob's own stays open.
    const now = Date.now();
    const deadline = new Date(now + 7 * 86_400_000);
    await recordFirstRun(stack.storage, previous, {
      at: new Date(now - 86_400_000),
      appealDeadline: deadline,
      timezone: 'Asia/Shanghai',
    });
    const fileAppeal = async (engineer: Engineer, reason: string) => {
      const link = await appealLink(
        { engineerId: engineer.id, month: previous, cardRevision: 1 },
        engineer,
        deadline,
        'http://127.0.0.1:1',
      );
      const form = new URLSearchParams({ indicators: 'complaints', reason });
      expect((await submitAppealForm(stack.storage, link.token, form, 'en', new Date())).status).toBe(200);
      const [filed] = await listAppealsOfEngineerMonth(stack.storage, engineer.id, previous);
      return filed!;
    };
    const filed = await fileAppeal(alice, 'mine');
    const rejected = await resolveAppeal(
      { storage: stack.storage, now: () => new Date(), actor: '王敏' },
      { id: filed.id, rejected: true, reason: 'the complaint was confirmed by the customer' },
    );
    const bobAppeal = await fileAppeal(bob, 'Bob private reason');

    const page = await phonePage();
    const dailyReport = await stack.dailyReportUrl(alice);
    await page.goto(dailyReport);
    await Promise.all([page.waitForNavigation(), page.locator('#my-month').tap()]);
    expect(new URL(page.url()).pathname).toBe(`${new URL(dailyReport).pathname}/month`);
    expect(await page.locator('h1').textContent()).toBe('My month');
    expect(await page.locator('html').getAttribute('lang')).toBe('en');
    expect(await page.locator('[data-responses]').textContent()).toBe('1');
    expect(await page.locator(`[data-total="${previous}"]`).textContent()).toBe(String(aliceCard.total));
    expect(await page.locator('[data-report]').count()).toBe(1);
    expect(await page.locator(`[data-appeal="${filed.id}"]`).textContent()).toContain(
      'rejected: the complaint was confirmed by the customer',
    );
    expect(await page.locator(`[data-filed="${filed.id}"]`).textContent()).toBe(
      `filed ${localDateTime(Date.parse(filed.filedAt), 'Asia/Shanghai')}`,
    );
    expect(await page.locator(`[data-resolved="${filed.id}"]`).textContent()).toBe(
      `resolved ${localDateTime(Date.parse(rejected.resolvedAt!), 'Asia/Shanghai')}`,
    );
    expect(await page.locator('[data-appeal]').count()).toBe(1);
    expect(Number(await page.evaluate('document.documentElement.scrollWidth'))).toBeLessThanOrEqual(390);
    // Headings step down: the page's title, its sections, their parts.
    const size = async (selector: string) =>
      Number.parseFloat(
        String(await page.evaluate(`getComputedStyle(document.querySelector('${selector}')).fontSize`)),
      );
    expect(await size('h3')).toBeLessThanOrEqual(await size('h2'));
    expect(await size('h2')).toBeLessThanOrEqual(await size('h1'));
    const english = (await page.locator('main').textContent()) ?? '';
    for (const secret of SECRETS) expect(english).not.toContain(secret);

    await Promise.all([page.waitForNavigation(), page.locator('.lang a').tap()]);
    expect(await page.locator('h1').textContent()).toBe('我的考核');
    expect(await page.locator('[data-responses]').textContent()).toBe('1 份');
    expect(await page.locator('[data-state="rejected"]').textContent()).toBe('申诉驳回');
    const chinese = (await page.content()) ?? '';
    for (const secret of [...SECRETS, bob.id, bobAppeal.id]) expect(chinese).not.toContain(secret);

    // Back to the daily report, in the language chosen.
    await Promise.all([page.waitForNavigation(), page.locator('a', { hasText: '返回工作日报' }).tap()]);
    expect(await page.locator('h1').textContent()).toContain('工作日报');

    // The link revoked (its version bumped): the page is refused.
    await replaceEngineer(
      stack.storage,
      {
        ...alice,
        dailyReportLinkVersion: alice.dailyReportLinkVersion + 1,
        updatedAt: new Date().toISOString(),
      },
      alice.updatedAt,
    );
    const refused = await page.goto(`${dailyReport}/month`);
    expect(refused?.status()).toBe(403);
    expect(await page.content()).not.toContain('Alice Smith');
    await page.context().close();
  });
});
