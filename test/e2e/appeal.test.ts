// The appeal page (申诉) in a real browser (headless chromium, phone-sized, JavaScript off) and its emails read
// back from the SES v2 stand-in: opening the link files nothing; submitting files the appeal (zh-CN and en);
// the department manager is emailed once when it is filed, the engineer once when it is resolved, however often
// the notifier is run again; after the deadline the link answers 410 with the deadline in local time.
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../../local/chromium.ts';
import { resolveAppeal } from '../../shared/admin/appeals.ts';
import { listAppealsOfEngineerMonth } from '../../shared/storage/appeals.ts';
import { findMonthRecord } from '../../shared/storage/months.ts';
import { scoredMonth } from '../integration/appeals/support.ts';
import { emailsTo, useSesLocal } from '../support/ses.ts';
import { useStack } from '../support/stack.ts';

const ses = useSesLocal();
beforeAll(() => {
  process.env.SES_ENDPOINT = ses.ses.url;
});
const stack = useStack();
let browser: Browser;
const consoleErrors: string[] = [];

beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
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
    // A closed link is answered 410 by design; chromium logs every 4xx page.
    const expected = /status of (400|410)/.test(message.text());
    if (message.type() === 'error' && !expected) consoleErrors.push(message.text());
  });
  return page;
}

let nextYear = 2060;
const DAY = 86_400_000;

async function reported(language: 'zh-CN' | 'en', deadlineFromNow = 6 * DAY) {
  const engineer = await stack.engineer({ language });
  const month = `${nextYear++}-10`;
  const now = Date.now();
  const link = await scoredMonth(stack.storage, {
    engineer,
    month,
    firstRunAt: new Date(now - DAY),
    deadline: new Date(now + deadlineFromNow),
    baseUrl: stack.url,
  });
  return { engineer, month, ...link };
}

async function submit(page: Page): Promise<number> {
  const [response] = await Promise.all([
    page.waitForNavigation({ waitUntil: 'load' }),
    page.locator('form[method="post"] button[type="submit"]').tap(),
  ]);
  return response?.status() ?? 0;
}

describe('the appeal page in the browser', () => {
  it('zh-CN: opening files nothing; submitting files it and tells the manager once', async () => {
    const c = await reported('zh-CN');
    const page = await phonePage();
    const opened = await page.goto(c.url);
    expect(opened?.status()).toBe(200);
    expect(await page.locator('html').getAttribute('lang')).toBe('zh-CN');
    expect(await page.locator('h1').textContent()).toBe('绩效考核申诉');
    expect(await page.locator('[data-seen="total"]').textContent()).toMatch(/^\d+(\.\d+)? \/ 107$/);
    expect(await listAppealsOfEngineerMonth(stack.storage, c.engineer.id, c.month)).toEqual([]);

    await page.locator('label.check:has(input[value="learning"])').tap();
    await page.locator('textarea[name="reason"]').fill('考试成绩 91 分未录入。');
    expect(await submit(page)).toBe(200);
    expect(await page.locator('.ok[role="status"]').textContent()).toContain('您的申诉已提交');
    expect(await page.locator('input[value="learning"]').isChecked()).toBe(true);
    expect(await page.locator('textarea[name="reason"]').inputValue()).toBe('考试成绩 91 分未录入。');
    const [appeal] = await listAppealsOfEngineerMonth(stack.storage, c.engineer.id, c.month);
    expect(appeal).toMatchObject({ status: 'open', indicators: ['learning'], cardRevision: c.revision });
    expect((await findMonthRecord(stack.storage, c.month))?.openAppeals).toEqual({
      [c.engineer.id]: appeal!.id,
    });

    // The notifier looks twice (as its poll does) and once more after a crash left the waiting item behind.
    await stack.sendWaitingAlerts();
    await stack.sendWaitingAlerts();
    await stack.storage.doc.send(
      new PutCommand({
        TableName: stack.storage.tableName,
        Item: {
          pk: 'ALERTS#PENDING',
          sk: `APPEAL#${appeal!.id}#FILED`,
          type: 'PendingAppealNotice',
          event: 'FILED',
          appealId: appeal!.id,
          engineerId: c.engineer.id,
          month: c.month,
        },
      }),
    );
    await stack.sendWaitingAlerts();
    const toManager = (await emailsTo(ses.ses.url, 'manager@example.com')).filter((e) =>
      e.subject.includes(c.engineer.name),
    );
    expect(toManager).toHaveLength(1);
    const [filed] = toManager;
    expect(filed!.subject).toBe(`申诉：${c.engineer.name} 对 ${c.month.slice(0, 4)}年10月 的考核结果`);
    expect(filed!.text).toContain('申诉指标：技术学习交流与成长');
    expect(filed!.text).toContain('考试成绩 91 分未录入。');
    expect(filed!.text).toContain(`工程师看到的考核结果（第 ${c.revision} 版）`);
    expect(filed!.text).toContain(`kpi appeals resolve ${appeal!.id}`);
  });

  it('en: edits the open appeal, then shows the outcome and the engineer is emailed once', async () => {
    const c = await reported('en');
    const page = await phonePage();
    await page.goto(c.url);
    expect(await page.locator('html').getAttribute('lang')).toBe('en');
    // A bad post: the page again, the message beside the field, nothing filed.
    await page.locator('textarea[name="reason"]').fill('no indicator chosen');
    expect(await submit(page)).toBe(400);
    expect(await page.locator('#indicators-error').textContent()).toBe('Choose at least one indicator');
    expect(await listAppealsOfEngineerMonth(stack.storage, c.engineer.id, c.month)).toEqual([]);

    await page.locator('label.check:has(input[value="complaints"])').tap();
    expect(await submit(page)).toBe(200);
    await page.locator('label.check:has(input[value="resolution"])').tap();
    await page.locator('textarea[name="reason"]').fill('The complaint of the 20th was withdrawn.');
    expect(await submit(page)).toBe(200);
    expect(await page.locator('.ok[role="status"]').textContent()).toBe('Your appeal has been updated.');
    const [appeal, ...none] = await listAppealsOfEngineerMonth(stack.storage, c.engineer.id, c.month);
    expect(none).toEqual([]);
    expect(appeal).toMatchObject({ indicators: ['resolution', 'complaints'], revisions: [{}, {}] });

    await resolveAppeal(
      { storage: stack.storage, now: () => new Date(), actor: 'wang.min' },
      { id: appeal!.id, rejected: true, reason: 'The complaint stands: confirmed by the customer on 11-02.' },
    );
    await stack.sendWaitingAlerts();
    await stack.sendWaitingAlerts();
    const outcome = await emailsTo(ses.ses.url, c.engineer.email);
    expect(outcome).toHaveLength(1);
    expect(outcome[0]!.subject).toBe(`Your appeal about October ${c.month.slice(0, 4)} has been resolved`);
    expect(outcome[0]!.text).toContain('Outcome: Rejected');
    expect(outcome[0]!.text).toContain('The complaint stands: confirmed by the customer on 11-02.');

    await page.goto(c.url);
    expect(await page.locator('[data-outcome="rejected"]').textContent()).toContain(
      'The complaint stands: confirmed by the customer on 11-02.',
    );
  });

  it('after the deadline the link answers 410 naming the month and its deadline', async () => {
    const c = await reported('en', 2_000);
    await new Promise((resolve) => setTimeout(resolve, 2_500));
    const page = await phonePage();
    const res = await page.goto(c.url);
    expect(res?.status()).toBe(410);
    expect(await page.locator('[data-closed="deadline"]').textContent()).toMatch(
      new RegExp(`^Appeals for ${c.month} closed at \\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2} \\(Asia/Shanghai\\)`),
    );
    // A POST after the deadline records nothing.
    const posted = await fetch(c.url, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'indicators=learning&reason=late',
    });
    expect(posted.status).toBe(410);
    expect(await listAppealsOfEngineerMonth(stack.storage, c.engineer.id, c.month)).toEqual([]);
  });
});
