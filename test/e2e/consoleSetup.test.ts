import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../../local/chromium.ts';
import type { ConsoleUser, LocalProvider } from '../../local/oidcProvider.ts';
import { listEngineers } from '../../shared/storage/engineers.ts';
import { markInvitationSent } from '../../shared/storage/survey.ts';
import { axeViolations } from '../support/axe.ts';
import { signInInBrowser, useConsoleProvider } from '../support/console.ts';
import { focusedControl } from '../support/focus.ts';
import { clearSentEmails, readSentEmails, useSesLocal } from '../support/ses.ts';
import { currentMonth, uniqueId, useStack } from '../support/stack.ts';

const ses = useSesLocal();
const stack = useStack();
let browser: Browser;
let provider: LocalProvider;
let admin: ConsoleUser;
let engineerId: string;
const consoleErrors: string[] = [];

beforeAll(async () => {
  process.env.SES_ENDPOINT = ses.ses.url;
  ({ provider, admin } = await useConsoleProvider(stack.url, { viewerRegion: '华北' }));
  const engineer = await stack.engineer({ name: '李伟', region: '华北' });
  engineerId = engineer.id;
  const respondent = await stack.respondent({ name: '客户联系人', email: 'contact@example.com' });
  await stack.project(engineer.id);
  const invitation = await stack.invitation({ respondentId: respondent.id, engineerId: engineer.id });
  await markInvitationSent(stack.storage, invitation.id, new Date());
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await provider?.stop();
  expect(consoleErrors).toEqual([]);
});

async function signedIn(
  path: string,
  lang: 'zh-CN' | 'en',
  options: { phone?: boolean } = {},
): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext(
    options.phone ? { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true } : {},
  );
  const page = await context.newPage();
  page.on('console', (message) => {
    // A refused form is answered 400 with the form again, by design (the tests assert what it shows).
    if (message.type() === 'error' && !/status of 400 \(Bad Request\)/.test(message.text())) {
      consoleErrors.push(`${page.url()}: ${message.text()}`);
    }
  });
  await signInInBrowser(
    page,
    `${stack.url}${path}${path.includes('?') ? '&' : '?'}lang=${lang}`,
    provider.issuer,
    admin,
  );
  return { context, page };
}

const csvFile = (text: string) => ({
  name: 'engineers.csv',
  mimeType: 'text/csv',
  buffer: Buffer.from(text),
});

describe('setup in chromium', () => {
  it('imports a CSV with a bad row: shown by line and column, nothing written; fixed, it is imported', async () => {
    const { context, page } = await signedIn('/console', 'en');
    // From the navigation to setup, then to the import page.
    await Promise.all([
      page.waitForURL(/\/console\/setup\?/),
      page.getByRole('link', { name: 'Setup' }).click(),
    ]);
    await Promise.all([
      page.waitForURL(/\/console\/setup\/import/),
      page.getByRole('link', { name: 'CSV import' }).click(),
    ]);
    const [a, b] = [uniqueId('imp'), uniqueId('imp')];
    const bad = `id,name,email,region\n${a},王芳,${a}@example.com,华东\n${b},赵磊,not-an-email,华东\n`;
    const before = (await listEngineers(stack.storage)).length;
    await page.getByLabel('The file holds').selectOption('engineers');
    await page.getByLabel('CSV file').setInputFiles(csvFile(bad));
    await Promise.all([
      page.waitForLoadState('load'),
      page.getByRole('button', { name: 'Check the file' }).click(),
    ]);
    const alert = page.getByRole('alert');
    await expect(alert.textContent()).resolves.toContain('The file has 1 problem; nothing was written.');
    await expect(page.locator('tr[data-line="3"] td').allTextContents()).resolves.toEqual([
      '3',
      'email',
      expect.stringMatching(/email/i),
    ]);
    await expect(page.getByRole('button', { name: 'Import' }).count()).resolves.toBe(0);
    expect(await listEngineers(stack.storage)).toHaveLength(before);
    expect(await axeViolations(page)).toEqual([]);

    await page.getByLabel('CSV file').setInputFiles(csvFile(bad.replace('not-an-email', `${b}@example.com`)));
    await Promise.all([
      page.waitForLoadState('load'),
      page.getByRole('button', { name: 'Check the file' }).click(),
    ]);
    await expect(page.getByRole('status').textContent()).resolves.toContain('2 rows, 2 new, 0 updated');
    expect(await listEngineers(stack.storage)).toHaveLength(before);
    await Promise.all([page.waitForURL(/rows=2/), page.getByRole('button', { name: 'Import' }).click()]);
    await expect(page.getByRole('status').textContent()).resolves.toBe('Imported 2 rows: 2 new, 0 updated.');
    const stored = (await listEngineers(stack.storage)).filter((e) => e.id === a || e.id === b);
    expect(stored.map((e) => e.name).sort()).toEqual(['王芳', '赵磊'].sort());
    await context.close();
  });

  it('a mistake in the engineer form is shown beside its field, and the form keeps what was typed', async () => {
    const { context, page } = await signedIn('/console/setup/engineers', 'zh-CN');
    const id = uniqueId('e');
    await page.getByLabel('编号').fill(id);
    await page.getByLabel('姓名').fill('周敏');
    await page.getByLabel('邮箱', { exact: true }).fill('zhou-at-example');
    await page.getByLabel('区域').fill('华南');
    await Promise.all([page.waitForLoadState('load'), page.getByRole('button', { name: '新增' }).click()]);
    const email = page.getByLabel('邮箱', { exact: true });
    await expect(email.getAttribute('aria-invalid')).resolves.toBe('true');
    await expect(page.locator('#add-email-problem').textContent()).resolves.toMatch(/email/i);
    await expect(page.getByLabel('姓名').inputValue()).resolves.toBe('周敏');
    expect(await axeViolations(page)).toEqual([]);
    await email.fill('zhou@example.com');
    await Promise.all([page.waitForURL(/saved=1/), page.getByRole('button', { name: '新增' }).click()]);
    await expect(page.getByRole('status').textContent()).resolves.toBe('已保存。');
    expect((await listEngineers(stack.storage)).find((e) => e.id === id)?.email).toBe('zhou@example.com');
    await context.close();
  });

  it('resends a survey invitation from the surveys page; the page shows no link', async () => {
    await clearSentEmails(ses.ses.url);
    const { context, page } = await signedIn(`/console/surveys?month=${currentMonth()}`, 'en');
    await Promise.all([
      page.waitForLoadState('load'),
      page.getByRole('button', { name: 'Resend invitation (客户联系人 about 李伟)' }).click(),
    ]);
    await expect(page.getByRole('status').textContent()).resolves.toBe(
      'The invitation was emailed again to contact@example.com.',
    );
    const sent = await readSentEmails(ses.ses.url);
    expect(sent.map((e) => e.to)).toEqual([['contact@example.com']]);
    expect(await page.content()).not.toMatch(/\/s\/[A-Za-z0-9_-]{20,}/);
    expect(await axeViolations(page)).toEqual([]);
    await context.close();
  });

  for (const lang of ['zh-CN', 'en'] as const) {
    it(`every setup page and the surveys page in ${lang} pass axe with no violations`, async () => {
      const { context, page } = await signedIn('/console/setup', lang);
      const paths = [
        '/console/setup',
        '/console/setup/engineers',
        `/console/setup/engineers/${engineerId}`,
        '/console/setup/respondents',
        '/console/setup/projects',
        '/console/setup/settings',
        '/console/setup/import',
        `/console/surveys?month=${currentMonth()}`,
      ];
      for (const path of paths) {
        await page.goto(`${stack.url}${path}${path.includes('?') ? '&' : '?'}lang=${lang}`);
        await expect(page.locator('html').getAttribute('lang')).resolves.toBe(lang);
        expect(await axeViolations(page), path).toEqual([]);
      }
      await context.close();
    });
  }

  it('on a phone no setup page, nor the surveys page, scrolls sideways (the tables scroll in their own box)', async () => {
    const { context, page } = await signedIn('/console/setup', 'zh-CN', { phone: true });
    for (const path of [
      '/console/setup/engineers',
      '/console/setup/settings',
      '/console/setup/import',
      `/console/surveys?month=${currentMonth()}`,
    ]) {
      await page.goto(`${stack.url}${path}${path.includes('?') ? '&' : '?'}lang=zh-CN`);
      const widths = (await page.evaluate(
        '({ page: document.documentElement.scrollWidth, viewport: window.innerWidth })',
      )) as { page: number; viewport: number };
      expect(widths.page, path).toBeLessThanOrEqual(widths.viewport);
    }
    await context.close();
  });

  it('the import, settings and engineer forms work by keyboard, every control with a visible focus ring', async () => {
    const { context, page } = await signedIn('/console/setup/import', 'en');
    const tabThrough = async (count: number) => {
      const seen: string[] = [];
      for (let i = 0; i < count; i++) {
        await page.keyboard.press('Tab');
        const focus = await focusedControl(page);
        if (!focus) continue;
        expect(focus.visible, `focus ring on ${focus.what}`).toBe(true);
        seen.push(focus.what);
      }
      return seen;
    };
    const onImport = await tabThrough(14);
    for (const control of ['select[kind]', 'input[file]', 'button']) expect(onImport).toContain(control);
    await page.goto(`${stack.url}/console/setup/settings?lang=en`);
    const onSettings = await tabThrough(30);
    for (const control of [
      'input[timezone]',
      'textarea[holidays]',
      'input[schedule.scoring.day]',
      'input[appealDays]',
    ]) {
      expect(onSettings).toContain(control);
    }
    await page.goto(`${stack.url}/console/setup/engineers?lang=en`);
    const onEngineers = await tabThrough(30);
    for (const control of [
      'input[id]',
      'select[language]',
      'input[startDate]',
      'textarea[leave]',
      'input[active]',
    ]) {
      expect(onEngineers).toContain(control);
    }
    await context.close();
  });
});
