// axe-core in a real page, for the browser tests' accessibility checks: the script is evaluated through the
// DevTools protocol, not added as a <script>, because the pages' CSP rightly refuses inline script.
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';

let axeSource: Promise<string> | undefined;

/** axe's violations on the page as it is now: each rule's id and the nodes it names. */
export async function axeViolations(page: Page): Promise<Array<{ id: string; targets: unknown[] }>> {
  axeSource ??= readFile(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
  await page.evaluate(await axeSource);
  return page.evaluate(async () => {
    const axe = (globalThis as unknown as { axe: { run(): Promise<{ violations: unknown[] }> } }).axe;
    const result = await axe.run();
    return result.violations.map((v) => {
      const violation = v as { id: string; nodes: Array<{ target: unknown }> };
      return { id: violation.id, targets: violation.nodes.map((n) => n.target) };
    });
  });
}
