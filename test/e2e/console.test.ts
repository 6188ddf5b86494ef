import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../../local/chromium.ts';
import type { ConsoleUser, LocalProvider } from '../../local/oidcProvider.ts';
import { axeViolations } from '../support/axe.ts';
import { signInInBrowser, storeCard, useConsoleProvider } from '../support/console.ts';
import { focusedControl } from '../support/focus.ts';
import { useStack } from '../support/stack.ts';

const stack = useStack();
const MONTH = '2026-09';
let browser: Browser;
let provider: LocalProvider;
let admin: ConsoleUser;
let viewer: ConsoleUser;
const consoleErrors: string[] = [];

beforeAll(async () => {
  ({ provider, admin, viewer } = await useConsoleProvider(stack.url, { viewerRegion: '华北' }));
  const cards: Array<[string, string, number[], Record<string, ['no-data'] | ['overridden']>]> = [
    ['李伟', '华北', [35, 25, 15, 10, 10, 5], {}],
    ['陈杰', '华北', [30, 20, 10, 10, 5, 2], { satisfaction: ['no-data'] }],
    ['Alice Zhou', '华东', [25, 15, 15, 5, 10, 5], { learning: ['overridden'] }],
  ];
  for (const [name, region, points, flags] of cards) {
    const engineer = await stack.engineer({ name, region });
    await storeCard(stack.storage, engineer.id, MONTH, points, flags);
  }
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await provider?.stop();
  expect(consoleErrors).toEqual([]);
});

async function newPage(options: { phone?: boolean } = {}): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext(
    options.phone ? { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true } : {},
  );
  const page = await context.newPage();
  page.on('console', (message) => {
    if (message.type() === 'error') consoleErrors.push(`${page.url()}: ${message.text()}`);
  });
  return { context, page };
}

/** Opens the overview, is sent to the provider's login page, signs in there, and lands on the overview. */
const signInAs = (page: Page, user: ConsoleUser, lang: 'zh-CN' | 'en') =>
  signInInBrowser(page, `${stack.url}/console?month=${MONTH}&lang=${lang}`, provider.issuer, user);

describe('the console in chromium', () => {
  it('the admin signs in through the local provider and sees every engineer, the chart and the exam form', async () => {
    const { context, page } = await newPage();
    await signInAs(page, admin, 'en');
    await expect(page.title()).resolves.toContain(`Month overview ${MONTH}`);
    const rows = page.locator('tbody tr[data-engineer]');
    await expect(rows.count()).resolves.toBe(3);
    // Sorted by total, highest first.
    await expect(rows.first().locator('th').textContent()).resolves.toBe('李伟');
    await expect(page.locator('tbody:has(tr[data-engineer])').textContent()).resolves.toContain(
      'no data: Project-support satisfaction',
    );
    // ECharts drew the distribution (a canvas inside the chart's box).
    await page.locator('#distribution canvas').waitFor();
    // …and the team's 12-month trend, under the same CSP.
    await page.locator('#trend canvas').waitFor();
    await expect(page.locator('form[action^="/console/exam-scores"]').count()).resolves.toBe(1);
    await context.close();
  });

  it('the viewer signs in and sees only their region, with no form that changes anything', async () => {
    const { context, page } = await newPage({ phone: true });
    await signInAs(page, viewer, 'zh-CN');
    const names = await page.locator('tr[data-engineer] th').allTextContents();
    expect(names.sort()).toEqual(['李伟', '陈杰']);
    await expect(page.locator('form[method="post"]').count()).resolves.toBe(1); // sign-out only
    await expect(page.locator('html').getAttribute('lang')).resolves.toBe('zh-CN');
    // On a phone the page itself never scrolls sideways; the wide table scrolls inside its own box.
    const widths = (await page.evaluate(
      '({ page: document.documentElement.scrollWidth, viewport: window.innerWidth })',
    )) as { page: number; viewport: number };
    expect(widths.page).toBeLessThanOrEqual(widths.viewport);
    // Signing out (a POST with the session's CSRF token) ends the session.
    await Promise.all([
      page.waitForURL(/\/console\/signedout/),
      page.getByRole('button', { name: '退出登录' }).tap(),
    ]);
    await expect(page.locator('h1').textContent()).resolves.toBe('已退出登录');
    await context.close();
  });

  for (const lang of ['zh-CN', 'en'] as const) {
    it(`the overview in ${lang} passes axe with no violations`, async () => {
      const { context, page } = await newPage();
      await signInAs(page, admin, lang);
      await page.locator('#distribution canvas').waitFor();
      // …and the team's 12-month trend, under the same CSP.
      await page.locator('#trend canvas').waitFor();
      expect(await axeViolations(page)).toEqual([]);
      await context.close();
    });
  }

  it('works by keyboard: every control is reached by Tab, with a visible focus ring', async () => {
    const { context, page } = await newPage();
    await signInAs(page, admin, 'en');
    const seen: string[] = [];
    for (let i = 0; i < 20; i++) {
      await page.keyboard.press('Tab');
      const focus = await focusedControl(page);
      if (!focus) continue;
      expect(focus.visible, `focus ring on ${focus.what}: ${focus.outline}`).toBe(true);
      seen.push(focus.what);
    }
    for (const control of [
      'a',
      'select[month]',
      'select[region]',
      'select[sort]',
      'input[score]',
      'button',
    ]) {
      expect(seen).toContain(control);
    }
    // The language switch works from the keyboard too.
    await page.locator('nav.lang a').focus();
    await Promise.all([page.waitForURL(/lang=zh-CN/), page.keyboard.press('Enter')]);
    await expect(page.locator('html').getAttribute('lang')).resolves.toBe('zh-CN');
    await context.close();
  });
});
