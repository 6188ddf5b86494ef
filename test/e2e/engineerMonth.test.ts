import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../../local/chromium.ts';
import type { ConsoleUser, LocalProvider } from '../../local/oidcProvider.ts';
import { addComplaint, addSuccessStory, addSupportRequest, setExamScore } from '../../shared/admin/facts.ts';
import { scorePreview } from '../../shared/admin/months.ts';
import {
  listComplaintsOfMonth,
  listExamScoresOfMonth,
  listSuccessStoriesOfMonth,
} from '../../shared/storage/facts.ts';
import { finalizeMonthRecord, findMonthRecord } from '../../shared/storage/months.ts';
import { storeScoreCardRevision } from '../../shared/storage/scoreCards.ts';
import { axeViolations } from '../support/axe.ts';
import { signInInBrowser, useConsoleProvider } from '../support/console.ts';
import { focusedControl } from '../support/focus.ts';
import { useStack } from '../support/stack.ts';

const stack = useStack();
const MONTH = '2026-10';
let browser: Browser;
let provider: LocalProvider;
let admin: ConsoleUser;
let engineerId: string;
let complaintId: string;
const consoleErrors: string[] = [];

beforeAll(async () => {
  ({ provider, admin } = await useConsoleProvider(stack.url, { viewerRegion: '华北' }));
  engineerId = (await stack.engineer({ name: '李伟', region: '华北' })).id;
  const ctx = { storage: stack.storage, now: () => new Date(), actor: 'seed@example.com' };
  await addSupportRequest(ctx, {
    engineerId,
    customer: '远景客户',
    dueAt: '2026-10-12T18:00:00+08:00',
    resolvedAt: '2026-10-12T12:00:00+08:00',
    independent: true,
  });
  complaintId = (await addComplaint(ctx, { engineerId, date: '2026-10-14', text: '回复太慢' })).id;
  await addSuccessStory(ctx, { engineerId, date: '2026-10-20', title: '银行上云' });
  await setExamScore(ctx, { engineerId, month: MONTH, score: 50 });
  await storeScoreCardRevision(
    stack.storage,
    await scorePreview(ctx, { engineerId, month: MONTH }),
    0,
    new Date('2026-11-02T01:00:00Z'),
  );
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await provider?.stop();
  expect(consoleErrors).toEqual([]);
});

const pageUrl = (lang: 'zh-CN' | 'en') =>
  `${stack.url}/console/engineers/${engineerId}/months/${MONTH}?lang=${lang}`;

async function newPage(options: { phone?: boolean } = {}): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext(
    options.phone ? { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true } : {},
  );
  const page = await context.newPage();
  page.on('console', (message) => {
    // A change refused because the month is final is answered 409, one refused for its fields 400 (the page again
    // with the form re-filled), by design; chromium logs every 4xx page.
    const byDesign = /status of (400 \(Bad Request\)|409 \(Conflict\))/.test(message.text());
    if (message.type() === 'error' && !byDesign) consoleErrors.push(`${page.url()}: ${message.text()}`);
  });
  return { context, page };
}

/** Opens the engineer-month page, signs in at the provider, and comes back to it. */
const signInTo = (page: Page, lang: 'zh-CN' | 'en') =>
  signInInBrowser(page, pageUrl(lang), provider.issuer, admin);

const totalShown = async (page: Page) =>
  Number.parseFloat((await page.locator('[data-total] strong').textContent())!);

describe('the engineer-month page in chromium', () => {
  it('the admin records an exam score: the new total shows before saving, and is saved only on Save', async () => {
    const { context, page } = await newPage();
    await signInTo(page, 'en');
    await expect(page.locator('h1').textContent()).resolves.toBe(`李伟 · ${MONTH}`);
    const before = (
      await scorePreview(
        { storage: stack.storage, now: () => new Date(), actor: 'x' },
        { engineerId, month: MONTH },
      )
    ).total;
    expect(await totalShown(page)).toBe(before);

    const exam = page.locator('section[aria-labelledby="exam-title"]');
    await exam.getByLabel('Score (0–100)').fill('100');
    await Promise.all([
      page.waitForURL(/\/preview/),
      exam.getByRole('button', { name: 'Preview the new score' }).click(),
    ]);
    const line = (await page.locator('.preview-total').textContent())!;
    const after = Number(await page.locator('.preview-total').getAttribute('data-preview-total'));
    expect(line).toBe(`Total: ${before} → ${after}`);
    expect(after).toBeGreaterThan(before);
    // Nothing is saved yet.
    expect(
      (await listExamScoresOfMonth(stack.storage, MONTH)).find((e) => e.engineerId === engineerId)?.score,
    ).toBe(50);

    await Promise.all([page.waitForURL(/saved=1/), page.getByRole('button', { name: 'Save' }).click()]);
    await expect(page.getByRole('status').textContent()).resolves.toBe('Saved.');
    await expect(page.locator('[data-exam]').textContent()).resolves.toContain('100');
    expect(
      (await listExamScoresOfMonth(stack.storage, MONTH)).find((e) => e.engineerId === engineerId),
    ).toMatchObject({
      score: 100,
      by: admin.email,
    });
    // The record of changes on the page names the signed-in user.
    await expect(
      page.locator('section[aria-labelledby="audit-title"] tbody').textContent(),
    ).resolves.toContain(admin.email);
    await context.close();
  });

  it('the admin confirms a complaint after seeing what it costs', async () => {
    const { context, page } = await newPage();
    await signInTo(page, 'zh-CN');
    const row = page.locator(`tr[data-complaint="${complaintId}"]`);
    await expect(row.textContent()).resolves.toContain('待处理');
    await Promise.all([page.waitForURL(/\/preview/), row.getByRole('button', { name: '确认投诉' }).click()]);
    await expect(page.locator('h2').first().textContent()).resolves.toContain('确认投诉');
    await expect(page.locator('.preview-total').textContent()).resolves.toMatch(/^总分：[\d.]+ → [\d.]+$/);
    await Promise.all([page.waitForURL(/saved=1/), page.getByRole('button', { name: '确认保存' }).click()]);
    await expect(page.locator(`tr[data-complaint="${complaintId}"]`).textContent()).resolves.toContain(
      '已确认',
    );
    const stored = (await listComplaintsOfMonth(stack.storage, MONTH)).find((c) => c.id === complaintId)!;
    expect(stored).toMatchObject({ status: 'confirmed', decidedBy: admin.email });
    await context.close();
  });

  for (const lang of ['zh-CN', 'en'] as const) {
    it(`the page and a preview in ${lang} pass axe with no violations`, async () => {
      const { context, page } = await newPage();
      await signInTo(page, lang);
      expect(await axeViolations(page)).toEqual([]);
      const stories = page.locator('section[aria-labelledby="stories-title"]');
      await stories.locator('input[name="date"]').fill('2026-10-21');
      await stories.locator('input[name="title"]').fill('政务项目');
      await Promise.all([page.waitForURL(/\/preview/), stories.locator('button').last().click()]);
      expect(await axeViolations(page)).toEqual([]);
      await context.close();
    });
  }

  it('on a phone the page never scrolls sideways: wide tables scroll inside their own boxes', async () => {
    const { context, page } = await newPage({ phone: true });
    await signInTo(page, 'zh-CN');
    const widths = (await page.evaluate(
      '({ page: document.documentElement.scrollWidth, viewport: window.innerWidth })',
    )) as { page: number; viewport: number };
    expect(widths.page).toBeLessThanOrEqual(widths.viewport);
    await context.close();
  });

  it('works by keyboard: Tab reaches the forms with a visible focus ring, and a change is previewed and saved by keys', async () => {
    const { context, page } = await newPage();
    await signInTo(page, 'en');
    const seen: string[] = [];
    for (let i = 0; i < 60; i++) {
      await page.keyboard.press('Tab');
      const focus = await focusedControl(page);
      if (!focus) continue;
      expect(focus.visible, `focus ring on ${focus.what}: ${focus.outline}`).toBe(true);
      seen.push(focus.what);
      if (focus.what === 'input[score]') break;
    }
    for (const control of ['a', 'button', 'input[customer]', 'input[date]', 'input[score]']) {
      expect(seen).toContain(control);
    }
    // Type a score and press Enter: the preview; then Tab to Save and press Enter: saved.
    await page.keyboard.type('80');
    await Promise.all([page.waitForURL(/\/preview/), page.keyboard.press('Enter')]);
    for (let i = 0; i < 15; i++) {
      await page.keyboard.press('Tab');
      if ((await page.evaluate('document.activeElement.textContent')) === 'Save') break;
    }
    expect(await page.evaluate('document.activeElement.textContent')).toBe('Save');
    await Promise.all([page.waitForURL(/saved=1/), page.keyboard.press('Enter')]);
    await expect(page.locator('[data-exam]').textContent()).resolves.toContain('80');
    await context.close();
  });
  for (const [lang, texts] of [
    ['en', { problems: 'Please correct the following', save: 'Save', title: 'Government cloud' }],
    ['zh-CN', { problems: '请修改以下内容', save: '确认保存', title: '政务项目' }],
  ] as const) {
    it(`${lang}: a refused story comes back typed, its problem beside the date; corrected by keyboard, previewed, saved`, async () => {
      const { context, page } = await newPage();
      await signInTo(page, lang);
      const stories = page.locator('section[aria-labelledby="stories-title"]');
      await stories.locator('input[name="date"]').fill('2026-11-02');
      await stories.locator('input[name="title"]').fill(texts.title);
      const [answer] = await Promise.all([
        page.waitForResponse((r) => r.url().includes('/preview')),
        stories.locator('button').last().click(),
      ]);
      expect(answer.status()).toBe(400);
      await page.waitForLoadState('load');
      // The page again: the title as typed, the date marked with its problem beside it and in the summary.
      const date = page.locator('#change-add-story-date');
      await expect(page.locator('#change-add-story-title').inputValue()).resolves.toBe(texts.title);
      await expect(date.inputValue()).resolves.toBe('2026-11-02');
      await expect(date.getAttribute('aria-invalid')).resolves.toBe('true');
      await expect(page.locator('#change-add-story-date-problem').textContent()).resolves.toBe(
        `2026-11-02 is not in ${MONTH}`,
      );
      const summary = page.getByRole('alert');
      await expect(summary.textContent()).resolves.toContain(texts.problems);
      expect(await axeViolations(page)).toEqual([]);
      // By keyboard: the summary's link takes the focus to the date; type the right one and press Enter.
      await summary.getByRole('link').focus();
      await page.keyboard.press('Enter');
      await expect(page.evaluate('document.activeElement.id')).resolves.toBe('change-add-story-date');
      await page.keyboard.press('ControlOrMeta+A');
      await page.keyboard.type(`${MONTH}-21`);
      // The refused page is at the preview's address already: wait for the new answer, not the address.
      const [previewed] = await Promise.all([
        page.waitForResponse((r) => r.url().includes('/preview')),
        page.keyboard.press('Enter'),
      ]);
      expect(previewed.status()).toBe(200);
      await page.locator('.preview-total').waitFor();
      for (let i = 0; i < 15; i++) {
        await page.keyboard.press('Tab');
        if ((await page.evaluate('document.activeElement.textContent')) === texts.save) break;
      }
      await Promise.all([page.waitForURL(/saved=1/), page.keyboard.press('Enter')]);
      await expect(page.locator('section[aria-labelledby="stories-title"]').textContent()).resolves.toContain(
        texts.title,
      );
      const stored = (await listSuccessStoriesOfMonth(stack.storage, MONTH)).filter(
        (s) => s.engineerId === engineerId && s.title === texts.title,
      );
      expect(stored.map((s) => s.date)).toEqual([`${MONTH}-21`]);
      await context.close();
    });
  }

  // Last: it makes the month final.
  it('a form opened before the month was finalised is refused with the month and since when; the page then shows "final since" and no form', async () => {
    const { context, page } = await newPage();
    await signInTo(page, 'en');
    const exam = page.locator('section[aria-labelledby="exam-title"]');
    await exam.getByLabel('Score (0–100)').fill('30');
    await finalizeMonthRecord(
      stack.storage,
      MONTH,
      { actor: 'hr@example.com', at: new Date('2026-11-10T02:00:00Z'), timezone: 'Asia/Shanghai' },
      await findMonthRecord(stack.storage, MONTH),
    );
    await Promise.all([
      page.waitForURL(/\/preview/),
      exam.getByRole('button', { name: 'Preview the new score' }).click(),
    ]);
    await expect(page.getByRole('alert').textContent()).resolves.toContain(
      `${MONTH} is final since 2026-11-10 10:00`,
    );
    expect(await axeViolations(page)).toEqual([]);
    await Promise.all([
      page.waitForURL(/\/months\/2026-10\?lang=en$/),
      page.getByRole('link', { name: "Back to the engineer's month" }).click(),
    ]);
    await expect(page.getByRole('note').textContent()).resolves.toContain(
      'This month is final since 2026-11-10 10:00',
    );
    await expect(page.locator('form[action*="/preview"]').count()).resolves.toBe(0);
    expect(
      (await listExamScoresOfMonth(stack.storage, MONTH)).find((e) => e.engineerId === engineerId)?.score,
    ).not.toBe(30);
    await context.close();
  });
});
