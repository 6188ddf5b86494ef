// The forms in a real browser (headless Debian chromium): a respondent fills the survey in zh and in en, sees the
// confirmation, reopens the link and sees the saved answers; an engineer files a daily report with two
// follow-up visits. No JavaScript is needed by the pages, so none is enabled.
import { DateTime } from 'luxon';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../../local/chromium.ts';
import { mailConfig } from '../../shared/mail/config.ts';
import { renderTeamSummary } from '../../shared/mail/teamSummary.ts';
import { defaultRubric } from '../../shared/rubric/default.ts';
import { findDailyReport } from '../../shared/storage/dailyReports.ts';
import { finalizeMonthRecord } from '../../shared/storage/months.ts';
import { findSurveyResponse } from '../../shared/storage/survey.ts';
import { useStack } from '../support/stack.ts';
import { perfectMonth, scoreJson } from '../unit/scoring/month.ts';

const stack = useStack();
const questions = defaultRubric.survey.questions;
let browser: Browser;

beforeAll(async () => {
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
});

/** A phone-sized page with JavaScript off: the forms must work without it. */
async function phonePage(): Promise<Page> {
  const context = await browser.newContext({
    viewport: { width: 390, height: 844 },
    isMobile: true,
    hasTouch: true,
    javaScriptEnabled: false,
  });
  const page = await context.newPage();
  // A CSP violation (our stylesheet's hash, a blocked form post) shows up as a console error.
  page.on('console', (message) => {
    // A bad submission is answered 400 with the form again, and a form of a final month 410, by design;
    // chromium logs every 4xx page.
    const byDesign = ['status of 400 (Bad Request)', 'status of 410 (Gone)'].some((s) =>
      message.text().includes(s),
    );
    if (message.type() === 'error' && !byDesign) consoleErrors.push(message.text());
  });
  return page;
}

const consoleErrors: string[] = [];
afterAll(() => {
  expect(consoleErrors).toEqual([]);
});

/** Submits with a tap and waits for the page the server answers with. */
async function submit(page: Page, selector = 'form[method="post"] button[type="submit"]'): Promise<void> {
  await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), page.locator(selector).tap()]);
}

async function fillSurvey(page: Page, ratings: number[], comment: string): Promise<void> {
  for (const [i, q] of questions.entries()) {
    // Tap the label (the big target), as a person on a phone would.
    await page.locator(`label:has(input[name="ratings.${q.key}"][value="${ratings[i]}"])`).tap();
  }
  await page.locator('textarea[name="comment"]').fill(comment);
  await submit(page);
}

describe('survey in the browser', () => {
  it('zh: fill, confirm, reopen and see the saved answers', async () => {
    const { url, invitation } = await stack.surveyCase({ language: 'zh-CN' });
    const page = await phonePage();
    await page.goto(url);
    expect(await page.locator('html').getAttribute('lang')).toBe('zh-CN');
    await expect.poll(() => page.locator('legend').count()).toBe(questions.length);
    expect(await page.locator('legend').first().textContent()).toContain(questions[0]!.text['zh-CN']);

    await fillSurvey(page, [5, 4, 5, 4, 5], '响应很快，谢谢！');
    expect(await page.locator('h1').textContent()).toBe('感谢您的评价');

    await page.locator('a', { hasText: '修改我的答案' }).click();
    for (const [i, q] of questions.entries()) {
      const checked = page.locator(`input[name="ratings.${q.key}"]:checked`);
      expect(await checked.getAttribute('value')).toBe(String([5, 4, 5, 4, 5][i]));
    }
    expect(await page.locator('textarea[name="comment"]').inputValue()).toBe('响应很快，谢谢！');
    const stored = await findSurveyResponse(stack.storage, invitation);
    expect(stored?.comment).toBe('响应很快，谢谢！');
    await page.context().close();
  });

  it('en via the language switch: a missing answer is pointed out, then fixed and saved', async () => {
    const { url, invitation } = await stack.surveyCase({ language: 'zh-CN' });
    const page = await phonePage();
    await page.goto(url);
    await page.locator('a', { hasText: 'English' }).click();
    expect(await page.locator('html').getAttribute('lang')).toBe('en');
    expect(await page.locator('legend').first().textContent()).toContain(questions[0]!.text.en);

    // Answer all but the last question; the browser's own `required` check stops the submission.
    for (const [i, q] of questions.slice(0, -1).entries()) {
      await page.locator(`label:has(input[name="ratings.${q.key}"][value="${3 + (i % 3)}"])`).tap();
    }
    await page.locator('button[type="submit"]').tap();
    const unanswered = page.locator(`input[name="ratings.${questions.at(-1)!.key}"]:invalid`);
    expect(await unanswered.count()).toBe(5);
    expect(await page.locator('h1').textContent()).toBe('Project support satisfaction survey');
    expect(await findSurveyResponse(stack.storage, invitation)).toBeUndefined();

    await page.locator(`label:has(input[name="ratings.${questions.at(-1)!.key}"][value="2"])`).tap();
    await page.locator('textarea[name="comment"]').fill('Slow to follow up');
    await submit(page);
    expect(await page.locator('h1').textContent()).toBe('Thank you');
    expect(await page.locator('.ok').textContent()).toBe('Your answers have been saved.');

    await page.goto(`${url}?lang=en`);
    expect(
      await page.locator(`input[name="ratings.${questions.at(-1)!.key}"]:checked`).getAttribute('value'),
    ).toBe('2');
    expect(await page.locator('textarea[name="comment"]').inputValue()).toBe('Slow to follow up');
    expect((await findSurveyResponse(stack.storage, invitation))?.revision).toBe(1);
    await page.context().close();
  });
});

describe('a form of a month finalised while it was open', () => {
  it('en: the answer is refused with a page naming the month and since when, and nothing is stored', async () => {
    const month = '2014-05';
    const engineer = await stack.engineer();
    const respondent = await stack.respondent({ language: 'en' });
    const invitation = await stack.invitation({
      respondentId: respondent.id,
      engineerId: engineer.id,
      month,
    });
    const page = await phonePage();
    await page.goto(await stack.surveyUrl(invitation));
    expect(await page.locator('h1').first().textContent()).not.toBe('This month is final');

    await finalizeMonthRecord(
      stack.storage,
      month,
      { actor: 'hr@example.com', at: new Date('2014-06-10T01:00:00Z'), timezone: 'Asia/Shanghai' },
      undefined,
    );
    await fillSurvey(page, [5, 4, 5, 4, 5], 'Thanks!');
    expect(await page.locator('html').getAttribute('lang')).toBe('en');
    expect(await page.locator('h1').textContent()).toBe('This month is final');
    expect(await page.locator('p').textContent()).toBe(
      'The scores of 2014-05 are final since 2014-06-10 09:00 (Asia/Shanghai): nothing can be submitted or changed any more. If something must be corrected, ask an administrator.',
    );
    expect(await findSurveyResponse(stack.storage, invitation)).toBeUndefined();
    await page.context().close();
  });
});

describe('daily report in the browser', () => {
  it('files today’s report with two follow-up visits', async () => {
    const engineer = await stack.engineer({ language: 'en' });
    const alpha = await stack.project(engineer.id, { name: 'Alpha rollout', customer: 'Acme' });
    const beta = await stack.project(engineer.id, { name: 'Beta pilot', customer: 'Globex' });
    const page = await phonePage();
    await page.goto(await stack.dailyReportUrl(engineer));
    expect(await page.locator('h1').textContent()).toContain('Daily report');

    await page.locator('#workDone').fill('Installed the cluster at Acme');
    await page.locator('#problems').fill('Licence server slow');
    await page.locator('#plan').fill('Tune it tomorrow');
    await page.locator('#visit-0-project').selectOption(alpha.id);
    await page.locator('#visit-0-note').fill('Rollout on track');
    await page.locator('#visit-1-project').selectOption(beta.id);
    await page.locator('#visit-1-note').fill('Pilot review with the customer');
    await submit(page);

    expect(await page.locator('.ok').textContent()).toBe('Your daily report has been saved.');
    expect(await page.locator('main').textContent()).toContain('Submitted on time');

    const today = DateTime.now().setZone('Asia/Shanghai').toISODate()!;
    const stored = await findDailyReport(stack.storage, engineer.id, today);
    expect(stored?.followUps).toEqual([
      { projectId: alpha.id, note: 'Rollout on track' },
      { projectId: beta.id, note: 'Pilot review with the customer' },
    ]);

    await page.locator('a', { hasText: 'Back to the daily report' }).click();
    // When it was filed, as the organisation's local time (Asia/Shanghai here), as "today" is.
    const filed = DateTime.fromISO(stored!.submittedAt).setZone('Asia/Shanghai').toFormat('yyyy-MM-dd HH:mm');
    expect(await page.locator('.ok').textContent()).toBe(
      `A report for this date was submitted at ${filed}; submitting again saves an edit.`,
    );
    expect(await page.locator('#visit-1-project').inputValue()).toBe(beta.id);
    expect(await page.locator('#visit-1-note').inputValue()).toBe('Pilot review with the customer');
    await page.context().close();
  });
});

describe('daily report problems in the browser', () => {
  it('zh: each problem in Chinese beside its field, tied to it for screen readers, and in the list at the top', async () => {
    const engineer = await stack.engineer({ language: 'zh-CN' });
    await stack.project(engineer.id, { name: '核心网升级', customer: '华北移动' });
    const page = await phonePage();
    await page.goto(await stack.dailyReportUrl(engineer));
    // Blank work (spaces pass the browser's `required`, not ours) and a visit note without its project.
    await page.locator('#workDone').fill('   ');
    await page.locator('#visit-0-note').fill('现场检查');
    await submit(page);

    const workDone = page.locator('#workDone');
    expect(await workDone.getAttribute('aria-invalid')).toBe('true');
    const described = await workDone.getAttribute('aria-describedby');
    expect(await page.locator(`#${described}`).textContent()).toBe('请填写今天做了什么');
    const project = page.locator('#visit-0-project');
    expect(await project.getAttribute('aria-invalid')).toBe('true');
    expect(await page.locator(`#${await project.getAttribute('aria-describedby')}`).textContent()).toBe(
      '请选择这次回访的项目',
    );
    expect(await page.locator('.problems li').allTextContents()).toEqual([
      '回访 1：请选择这次回访的项目',
      '今日工作：请填写今天做了什么',
    ]);
    // Fields without a problem are not marked.
    expect(await page.locator('#plan').getAttribute('aria-invalid')).toBeNull();
    expect(await page.locator('#visit-0-note').inputValue()).toBe('现场检查');
    for (const message of await page.locator('.problems, .error').allTextContents()) {
      expect(message).not.toMatch(/[A-Za-z]/);
    }
    await page.context().close();
  });
});

describe('layout on a phone', () => {
  const box = async (page: Page, selector: string) => (await page.locator(selector).boundingBox())!;
  const fontSize = async (page: Page, selector: string) =>
    Number.parseFloat(
      String(await page.evaluate(`getComputedStyle(document.querySelector('${selector}')).fontSize`)),
    );

  it('the language switch is at least 44×44 px on both forms, and the report’s h2 is not larger than its h1', async () => {
    const engineer = await stack.engineer({ language: 'en' });
    await stack.project(engineer.id);
    const { url } = await stack.surveyCase({ language: 'zh-CN' });
    const page = await phonePage();
    for (const address of [await stack.dailyReportUrl(engineer), url]) {
      await page.goto(address);
      const target = await box(page, '.lang a');
      expect(target.width).toBeGreaterThanOrEqual(44);
      expect(target.height).toBeGreaterThanOrEqual(44);
    }
    await page.goto(await stack.dailyReportUrl(engineer));
    expect(await fontSize(page, 'h2')).toBeLessThanOrEqual(await fontSize(page, 'h1'));
    // The switch keeps the day shown.
    await page.goto(`${await stack.dailyReportUrl(engineer)}?date=2026-01-05`);
    await page.locator('.lang a').tap();
    expect(await page.locator('h1').textContent()).toBe('工作日报 · 2026-01-05');
    await page.context().close();
  });

  it('the team summary email fits a 390 px phone in both languages', async () => {
    const context = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true });
    const page = await context.newPage();
    for (const language of ['zh-CN', 'en'] as const) {
      const mail = await renderTeamSummary(
        {
          month: '2026-10',
          recipient: { name: '王经理', email: 'manager@example.com', language },
          rubric: defaultRubric,
          engineers: [
            { id: 'e-1', name: 'Alexandra Montgomery-Smith', scoreCard: scoreJson(perfectMonth()) },
            // No exam score: a flagged (starred, highlighted) cell.
            { id: 'e-2', name: '欧阳娜娜', scoreCard: scoreJson({ ...perfectMonth(), trainingScore: null }) },
          ],
          unansweredInvitations: [{ respondentName: 'Christopher Wellington', engineerName: '欧阳娜娜' }],
          parkedFailures: [
            {
              engineerId: 'e-3',
              engineerName: 'Bartholomew',
              reason:
                'ConditionalCheckFailedException:arn:aws:dynamodb:ap-east-1:123456789012:table/presales-kpi',
            },
          ],
        },
        mailConfig({ from: 'kpi@example.com' }),
      );
      await page.setContent(mail.html);
      expect(Number(await page.evaluate('document.documentElement.scrollWidth'))).toBeLessThanOrEqual(390);
      // Every indicator is still named, in the legend under the numbered columns.
      const legend = await page.locator('[data-legend]').textContent();
      for (const i of defaultRubric.indicators) expect(legend).toContain(i.name[language]);
    }
    await context.close();
  });
});
