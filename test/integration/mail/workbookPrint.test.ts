// The attached workbooks as HR prints them: LibreOffice (a real spreadsheet application, independent of the
// library that writes them) prints each to PDF, and poppler reads the pages back. One page for an engineer's
// sheet, a team summary one page wide however long the team, every figure on the page, no line drawn over
// another (a row too low for its wrapped text), in both languages.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  overlappingLines,
  type PrintedLine,
  type PrintedPage,
  printToPdf,
  readPdf,
} from '#local/printWorkbook.ts';
import type { Language } from '#shared/domain/values.ts';
import { formatMonth, formatPoints, words } from '#shared/mail/locale.ts';
import { kpiSheetXlsx, teamSummaryXlsx } from '#shared/mail/sheets.ts';
import { attentionItems, rankEngineers } from '#shared/mail/teamSummary.ts';
import { defaultRubric } from '#shared/rubric/default.ts';
import { busyMonth, EXAMPLES, exampleCard, score } from '../../unit/mail/fixtures.ts';

const LANGUAGES: Language[] = ['zh-CN', 'en'];
const MONTH = '2026-10';
// A month with something to say on every indicator: the longest remarks the sheet gets.
const busy = score(busyMonth());
const engineerName: Record<Language, string> = { 'zh-CN': '张伟', en: 'Alice Chen' };

/** A team of `n`: names no one of which is part of another, a mix of quiet and busy months. */
function team(n: number) {
  const names = ['张伟', 'Alice Chen', '李娜', 'Bob Smith', '王强'];
  return Array.from({ length: n }, (_, i) => ({
    id: `e-${i}`,
    name: `${names[i % names.length]}-${String(i + 1).padStart(2, '0')}`,
    scoreCard: i % 4 === 0 ? busy : exampleCard(EXAMPLES[i % EXAMPLES.length]!),
  }));
}
const teams = { 5: team(5), 60: team(60) };

const compact = (text: string) => text.replace(/\s+/g, '');
const summaryTitle = (language: Language) =>
  `${words[language].summarySheet} — ${formatMonth(MONTH, language)}`;

let dir: string;
const printed = new Map<string, PrintedPage[]>();

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'kpi-print-'));
  const files: string[] = [];
  const save = async (name: string, content: Buffer) => {
    const file = join(dir, `${name}.xlsx`);
    await writeFile(file, content);
    files.push(file);
  };
  for (const language of LANGUAGES) {
    await save(
      `engineer-${language}`,
      await kpiSheetXlsx({
        engineerName: engineerName[language],
        scoreCard: busy,
        rubric: defaultRubric,
        language,
      }),
    );
    for (const [size, engineers] of Object.entries(teams)) {
      const rows = rankEngineers(engineers, language);
      const attention = attentionItems(
        {
          month: MONTH,
          recipient: { email: 'dept.manager@example.com' },
          rubric: defaultRubric,
          engineers,
          unansweredInvitations: [
            { respondentName: '陈静（华南区销售经理）', engineerName: engineers[1]!.name },
          ],
          parkedFailures: [
            { engineerId: 'e-x', engineerName: '赵磊', reason: 'DynamoDB 写入失败（已重试 3 次）' },
          ],
        },
        rows,
        language,
      );
      await save(
        `summary-${size}-${language}`,
        await teamSummaryXlsx({
          month: MONTH,
          rows,
          attention: Object.values(attention).flat(),
          rubric: defaultRubric,
          language,
        }),
      );
    }
  }
  // One LibreOffice run for all of them: it takes seconds to start.
  const pdfs = await printToPdf(files, dir);
  for (const pdf of pdfs) printed.set(pdf.replace(/^.*\//, '').replace(/\.pdf$/, ''), await readPdf(pdf));
}, 120_000);

afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

function pagesOf(name: string): PrintedPage[] {
  const pages = printed.get(name);
  if (!pages) throw new Error(`${name} was not printed`);
  return pages;
}

function describeOverlaps(page: PrintedPage): string[] {
  return overlappingLines(page).map(([a, b]) => `"${a.text}" / "${b.text}"`);
}

/** The lines printed in the same column as `heading` (their boxes overlap its box horizontally), top down. */
function column(page: PrintedPage, heading: string): PrintedLine[] {
  const head = page.lines.find((l) => l.text === heading);
  if (!head) throw new Error(`no column headed ${heading}`);
  return page.lines
    .filter((l) => l.yMin > head.yMax && l.xMax > head.xMin && l.xMin < head.xMax)
    .sort((a, b) => a.yMin - b.yMin);
}

const commonPrefix = (a: string, b: string) => {
  let n = 0;
  while (n < a.length && n < b.length && a[n] === b[n]) n++;
  return n;
};

/**
 * A left-aligned cell's text as printed, read down its column from the line where `expected` starts for as
 * long as the lines go on with it: text cut off by a row too low for it reads short. (pdftotext may join the
 * end of a full line with the next column's text into one line; what follows the cell's text is ignored.)
 */
function printedCell(page: PrintedPage, expected: string): string {
  let rest = compact(expected);
  const first = page.lines.reduce<PrintedLine | undefined>(
    (best, l) =>
      commonPrefix(compact(l.text), rest) > (best ? commonPrefix(compact(best.text), rest) : 0) ? l : best,
    undefined,
  );
  if (!first) return '';
  let text = '';
  for (const line of page.lines
    .filter((l) => Math.abs(l.xMin - first.xMin) < 1 && l.yMin >= first.yMin)
    .sort((a, b) => a.yMin - b.yMin)) {
    const matched = commonPrefix(compact(line.text), rest);
    if (matched === 0) break;
    text += rest.slice(0, matched);
    rest = rest.slice(matched);
  }
  return text;
}

/** The words printed on the same row as `line` (their middles within its height), left to right. */
function rowOf(page: PrintedPage, line: PrintedLine): string {
  return page.lines
    .flatMap((l) => l.words)
    .filter((word) => {
      const middle = (word.yMin + word.yMax) / 2;
      return middle > line.yMin && middle < line.yMax;
    })
    .sort((a, b) => a.xMin - b.xMin)
    .map((word) => word.text)
    .join(' ');
}

describe.each(LANGUAGES)('the engineer’s KPI sheet printed by LibreOffice (%s)', (language) => {
  const w = words[language];

  it('prints on one landscape page, titled with the engineer and the month on the page', () => {
    const pages = pagesOf(`engineer-${language}`);
    expect(pages).toHaveLength(1);
    const page = pages[0]!;
    expect(page.width).toBeGreaterThan(page.height);
    const title = compact(w.sheetTitle(engineerName[language], formatMonth(MONTH, language)));
    // Once in the page header, once as the sheet's own first row.
    expect(compact(page.text).split(title)).toHaveLength(3);
    expect(compact(page.text)).toContain(compact(w.pageNumber('1', '1')));
  });

  it('holds every indicator’s name, rule and remarks in full, and its points in the points column', () => {
    const page = pagesOf(`engineer-${language}`)[0]!;
    for (const result of busy.indicators) {
      const rule = defaultRubric.indicators.find((r) => r.key === result.key)!;
      for (const cell of [rule.name[language], rule.rule[language], result.explanation[language]]) {
        expect(printedCell(page, cell)).toBe(compact(cell));
      }
    }
    expect(column(page, w.points).map((l) => l.text)).toEqual([
      ...busy.indicators.map((r) => formatPoints(r.points)),
      formatPoints(busy.total),
    ]);
  });

  it('draws no line of text over another', () => {
    expect(describeOverlaps(pagesOf(`engineer-${language}`)[0]!)).toEqual([]);
  });
});

describe.each(LANGUAGES)('the team summary printed by LibreOffice (%s)', (language) => {
  const w = words[language];
  /** The pages of the summary sheet (the workbook's second sheet, what needs attention, prints after). */
  const summaryPages = (size: number) =>
    pagesOf(`summary-${size}-${language}`).filter((p) =>
      compact(p.text).includes(compact(summaryTitle(language))),
    );

  it('prints a team of 5 on one landscape page', () => {
    const pages = summaryPages(5);
    expect(pages).toHaveLength(1);
    expect(pages[0]!.width).toBeGreaterThan(pages[0]!.height);
  });

  it.each([5, 60])(
    'prints a team of %i one page wide, the header row and the page number on every page',
    (size) => {
      const pages = summaryPages(size);
      expect(pages.length).toBeGreaterThan(0);
      pages.forEach((page, i) => {
        const texts = page.lines.flatMap((l) => l.words).map((word) => word.text);
        // The first and the last column's headings: the page holds the table's whole width.
        expect(texts, `page ${i + 1}`).toEqual(expect.arrayContaining([w.rank, w.flags]));
        // Pages are numbered through the workbook: the sheet of what needs attention prints after the table.
        const all = pagesOf(`summary-${size}-${language}`).length;
        expect(compact(page.text)).toContain(compact(w.pageNumber(String(i + 1), String(all))));
      });
    },
  );

  it.each([5, 60])(
    'prints every one of %i engineers once, with their six points and total on their row',
    (size) => {
      const pages = summaryPages(size);
      for (const engineer of teams[size as 5 | 60]) {
        const rows = pages.flatMap((page) =>
          page.lines.filter((l) => l.text.includes(engineer.name)).map((line) => rowOf(page, line)),
        );
        expect(rows, engineer.name).toHaveLength(1);
        const figures = [
          ...defaultRubric.indicators.map(
            (ind) => engineer.scoreCard.indicators.find((r) => r.key === ind.key)!.points,
          ),
          engineer.scoreCard.total,
        ].map(formatPoints);
        expect(rows[0], engineer.name).toContain(`${engineer.name} ${figures.join(' ')}`);
      }
    },
  );

  it.each([5, 60])('prints what needs attention one page wide after the table (%i engineers)', (size) => {
    const pages = pagesOf(`summary-${size}-${language}`).filter((p) =>
      compact(p.text).includes(compact(`${w.attentionSheet} — ${formatMonth(MONTH, language)}`)),
    );
    expect(pages.length).toBeGreaterThan(0);
    for (const page of pages) {
      const texts = page.lines.flatMap((l) => l.words).map((word) => word.text);
      expect(texts).toEqual(expect.arrayContaining([w.kind, w.detail]));
    }
    expect(pages.map((p) => p.text).join('\n')).toContain('赵磊');
  });

  it.each([5, 60])('draws no line of text over another (%i engineers)', (size) => {
    for (const page of pagesOf(`summary-${size}-${language}`)) expect(describeOverlaps(page)).toEqual([]);
  });
});
