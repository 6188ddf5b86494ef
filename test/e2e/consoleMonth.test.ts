import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../../local/chromium.ts';
import type { ConsoleUser, LocalProvider } from '../../local/oidcProvider.ts';
import type { Engineer } from '../../shared/domain/engineer.ts';
import { submitAppealForm } from '../../shared/forms/appeal.ts';
import { appealLink } from '../../shared/links/links.ts';
import { mailConfig } from '../../shared/mail/config.ts';
import { pipelineContext } from '../../shared/pipeline/context.ts';
import { inProcessMonthRuns } from '../../shared/pipeline/localRuns.ts';
import { installMonthRuns } from '../../shared/pipeline/monthRuns.ts';
import { listExamScoresOfMonth } from '../../shared/storage/facts.ts';
import { findMonthRecord } from '../../shared/storage/months.ts';
import { axeViolations } from '../support/axe.ts';
import { signInInBrowser, useConsoleProvider } from '../support/console.ts';
import { focusedControl } from '../support/focus.ts';
import { useSesLocal } from '../support/ses.ts';
import { useStack } from '../support/stack.ts';

const ses = useSesLocal();
const stack = useStack();
// Long past on the real clock the console uses: its evidence has closed.
const MONTH = '2025-09';
let browser: Browser;
let provider: LocalProvider;
let admin: ConsoleUser;
let liWei: Engineer;
const consoleErrors: string[] = [];

beforeAll(async () => {
  ({ provider, admin } = await useConsoleProvider(stack.url, { viewerRegion: '华北' }));
  installMonthRuns(
    inProcessMonthRuns(
      pipelineContext({
        storage: stack.storage,
        ses: ses.client,
        mail: mailConfig({ from: 'KPI <kpi@example.com>' }),
        publicBaseUrl: stack.url,
      }),
      { retryDelayMs: 10 },
    ),
  );
  liWei = await stack.engineer({ name: '李伟', region: '华北' });
  await stack.engineer({ name: 'Alice Zhou', region: '华东' });
  browser = await launchChromium();
});

afterAll(async () => {
  installMonthRuns(undefined);
  await browser?.close();
  await provider?.stop();
  expect(consoleErrors).toEqual([]);
});

async function newPage(): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext();
  const page = await context.newPage();
  page.on('console', (message) => {
    // The refused pages (finalise with an open appeal, an edit of a final month) are answered 409 on purpose;
    // chromium logs every 4xx document as an error.
    const refused =
      /\/console\/(exam-scores|months\/)/.test(page.url()) && message.text().includes('status of 409');
    if (message.type() === 'error' && !refused) consoleErrors.push(`${page.url()}: ${message.text()}`);
  });
  return { context, page };
}

/** Opens the overview, is sent to the provider's login page, signs in there, and lands on the overview. */
const signInAs = (page: Page, user: ConsoleUser, lang: 'zh-CN' | 'en') =>
  signInInBrowser(page, `${stack.url}/console?month=${MONTH}&lang=${lang}`, provider.issuer, user);

describe('the month actions in chromium', () => {
  it('the admin runs scoring, resolves an appeal, finalises the month and is refused an edit after that (en, axe on each page)', async () => {
    const { context, page } = await newPage();
    await signInAs(page, admin, 'en');
    const actions = page.getByRole('navigation', { name: 'Month actions' });
    await expect(actions.getByRole('link').allTextContents()).resolves.toEqual(['Run scoring']);

    await Promise.all([page.waitForURL(/\/months\/2025-09\/run/), actions.getByRole('link').click()]);
    expect(await axeViolations(page)).toEqual([]);
    await Promise.all([
      page.waitForLoadState('load'),
      page.getByRole('button', { name: 'Confirm: Run scoring' }).click(),
    ]);
    await expect(page.getByRole('status').textContent()).resolves.toContain(
      '2 engineers: 2 scored, 2 emailed, 0 unchanged.',
    );
    expect(await axeViolations(page)).toEqual([]);

    // 李伟 appeals from the link in their report.
    const record = (await findMonthRecord(stack.storage, MONTH))!;
    const { token } = await appealLink(
      { engineerId: liWei.id, month: MONTH, cardRevision: 1 },
      liWei,
      new Date(record.appealDeadline!),
      stack.url,
    );
    const appealForm = new URLSearchParams({ reason: 'A customer answered late.' });
    appealForm.append('indicators', 'satisfaction');
    expect((await submitAppealForm(stack.storage, token, appealForm, 'en', new Date())).status).toBe(200);

    await page.getByRole('link', { name: 'Back to the overview' }).click();
    await page.waitForURL(/\/console\?month=2025-09/);
    await expect(actions.getByRole('link').allTextContents()).resolves.toEqual(['Run scoring', 'Finalise']);
    await Promise.all([
      page.waitForURL(/\/months\/2025-09\/finalize/),
      actions.getByRole('link', { name: 'Finalise' }).click(),
    ]);
    expect(await axeViolations(page)).toEqual([]);
    // Refused while the appeal is open, naming it.
    await Promise.all([
      page.waitForLoadState('load'),
      page.getByRole('button', { name: 'Confirm: Finalise' }).click(),
    ]);
    await expect(page.getByRole('alert').textContent()).resolves.toContain(
      `${MONTH} has open appeals, resolve them first: ${liWei.id}`,
    );

    // The Appeals page: reject it with a reason.
    await page.goto(`${stack.url}/console/appeals?month=${MONTH}&lang=en`);
    expect(await axeViolations(page)).toEqual([]);
    const appeal = page.getByRole('article', { name: '李伟' });
    await expect(appeal.textContent()).resolves.toContain('A customer answered late.');
    await appeal.getByLabel('Reject').check();
    await appeal
      .getByLabel('Reason (required, told to the engineer)')
      .fill('The answer came after the window.');
    await Promise.all([
      page.waitForURL(/resolved=/),
      appeal.getByRole('button', { name: /^Resolve/ }).click(),
    ]);
    await expect(page.getByRole('status').textContent()).resolves.toBe("李伟's appeal was rejected.");
    await expect(page.locator('#open-title').textContent()).resolves.toBe('Open appeals (0)');
    expect(await axeViolations(page)).toEqual([]);

    await page.goto(`${stack.url}/console/months/${MONTH}/finalize?lang=en`);
    await Promise.all([
      page.waitForLoadState('load'),
      page.getByRole('button', { name: 'Confirm: Finalise' }).click(),
    ]);
    await expect(page.getByRole('status').textContent()).resolves.toMatch(
      /Final since \d{4}-\d\d-\d\d \d\d:\d\d \(Asia\/Shanghai\), by admin@example\.com\./,
    );
    expect((await findMonthRecord(stack.storage, MONTH))!.state).toBe('final');

    // An edit of the final month is refused with the reason; nothing is written.
    await page.getByRole('link', { name: 'Back to the overview' }).click();
    await page.waitForURL(/\/console\?month=2025-09/);
    await expect(actions.getByRole('link').allTextContents()).resolves.toEqual(['Reopen']);
    await page.getByLabel('Score (0–100)').fill('88');
    await Promise.all([page.waitForLoadState('load'), page.getByRole('button', { name: 'Save' }).click()]);
    await expect(page.getByRole('alert').textContent()).resolves.toContain(`${MONTH} is final since`);
    expect(await listExamScoresOfMonth(stack.storage, MONTH)).toEqual([]);
    expect(await axeViolations(page)).toEqual([]);
    await context.close();
  });

  it('reopens the month by keyboard alone in Chinese, the reason required (axe on each page)', async () => {
    const { context, page } = await newPage();
    await signInAs(page, admin, 'zh-CN');
    // The Appeals page in Chinese, with the resolved appeal.
    await page.goto(`${stack.url}/console/appeals?month=${MONTH}&lang=zh-CN`);
    await expect(page.locator('#resolved-title').textContent()).resolves.toBe('已处理申诉（1）');
    expect(await axeViolations(page)).toEqual([]);
    await page.goto(`${stack.url}/console/months/${MONTH}/reopen?lang=zh-CN`);
    expect(await axeViolations(page)).toEqual([]);
    // Tab from the top of the page to the reason, then to the button: each with a visible focus ring.
    let reached = await focusedControl(page);
    for (let i = 0; i < 15 && reached?.what !== 'textarea[reason]'; i++) {
      await page.keyboard.press('Tab');
      reached = await focusedControl(page);
    }
    expect(reached).toMatchObject({ what: 'textarea[reason]', visible: true });
    await page.keyboard.type('补录考试成绩');
    await page.keyboard.press('Tab');
    expect(await focusedControl(page)).toMatchObject({ what: 'button', visible: true });
    await Promise.all([page.waitForLoadState('load'), page.keyboard.press('Enter')]);
    await expect(page.getByRole('status').textContent()).resolves.toContain('原因：补录考试成绩');
    expect(await axeViolations(page)).toEqual([]);
    expect((await findMonthRecord(stack.storage, MONTH))!).toMatchObject({
      state: 'provisional',
      reopenedBy: 'admin@example.com',
      reopenReason: '补录考试成绩',
    });
    await context.close();
  });
});
