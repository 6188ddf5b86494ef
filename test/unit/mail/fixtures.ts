// Score cards made by the real engine from realistic engineer-months, and readers of what the emails hold
// (parsed HTML, the attached workbook), shared by the mail tests.
import { readFileSync } from 'node:fs';
import ExcelJS from 'exceljs';
import { DomUtils, parseDocument } from 'htmlparser2';
import { mailConfig } from '#shared/mail/config.ts';
import { defaultRubric } from '#shared/rubric/default.ts';
import { scoreEngineerMonth } from '#shared/scoring/engine.ts';
import { type ScoringInputJson, scoringInputSchema } from '#shared/scoring/input.ts';
import type { ScoreCard } from '#shared/scoring/scoreCard.ts';

export const XSS = `<script>alert("x")</script><img src=x onerror=alert(1)>`;
export const config = mailConfig({ from: 'KPI 考核 <kpi@example.com>' });

export function score(json: ScoringInputJson): ScoreCard {
  return scoreEngineerMonth(scoringInputSchema.parse(json), defaultRubric);
}

export const EXAMPLES = [
  'A',
  'B',
  'C',
  'D',
  'E',
  'F',
  'G',
  'H',
  'I',
  'I2',
  'I3',
  'J',
  'K',
  'L',
  'M',
  'N',
  'O',
  'P',
];

export function exampleCard(name: string): ScoreCard {
  const file = new URL(`../../fixtures/examples/${name}.json`, import.meta.url);
  return score(JSON.parse(readFileSync(file, 'utf8')).input);
}

const workdaysOfOctober2026 = Array.from(
  { length: 31 },
  (_, i) => `2026-10-${String(i + 1).padStart(2, '0')}`,
).filter((d) => ![0, 6].includes(new Date(`${d}T00:00:00Z`).getUTCDay()));

/** A month with something to say on every indicator: failures, misses, complaints, a missing exam, an override. */
export function busyMonth(
  options: { customers?: string[]; overrideReason?: string; by?: string; exam?: number | null } = {},
): ScoringInputJson {
  const customers = options.customers ?? ['Acme 北京', 'Beta'];
  return {
    month: '2026-10',
    engineer: { id: 'e-busy' },
    supportRequests: [
      ...customers.map((customer) => ({
        customer,
        dueAt: '2026-10-20T18:00:00+08:00',
        resolvedAt: '2026-10-21T10:00:00+08:00',
        independent: true,
      })),
      {
        customer: 'Gamma',
        dueAt: '2026-10-09T18:00:00+08:00',
        resolvedAt: '2026-10-09T12:00:00+08:00',
        independent: true,
      },
    ],
    surveyResponses: [{ score: 96 }, { score: 88 }, { score: 92 }],
    projects: [
      { id: 'p-1', name: '城域网改造', start: '2026-01-01' },
      { id: 'p-2', start: '2026-01-01' },
    ],
    followUps: [
      { projectId: 'p-1', date: '2026-09-29' },
      { projectId: 'p-1', date: '2026-10-13' },
      { projectId: 'p-1', date: '2026-10-20' },
      { projectId: 'p-1', date: '2026-10-27' },
      ...['2026-09-29', '2026-10-06', '2026-10-13', '2026-10-20', '2026-10-27'].map((date) => ({
        projectId: 'p-2',
        date,
      })),
    ],
    complaints: [
      { date: '2026-10-09', status: 'confirmed' },
      { date: '2026-10-12', status: 'dismissed' },
      { date: '2026-10-15', status: 'pending' },
    ],
    trainingScore: options.exam === undefined ? null : options.exam,
    successStories: [{ date: '2026-10-15' }, { date: '2026-10-22' }],
    dailyReports: workdaysOfOctober2026
      .filter((d) => d !== '2026-10-14' && d !== '2026-10-22')
      .map((date) => ({ date, submittedAt: `${date}T19:00:00+08:00` }))
      .concat([{ date: '2026-10-14', submittedAt: '2026-10-15T12:30:00+08:00' }]),
    dailyReportVerdict: 'insightful',
    overrides: [
      {
        indicator: 'complaints',
        points: 15,
        reason: options.overrideReason ?? '客户撤回投诉',
        by: options.by ?? '王经理',
      },
    ],
  };
}

export function parseHtml(markup: string) {
  return parseDocument(markup);
}

type Doc = ReturnType<typeof parseDocument>;

/** Elements under `root` (the document or an element) carrying `attr`, optionally with that value. */
export function byAttr(
  root: { children: Parameters<typeof DomUtils.findAll>[1] },
  attr: string,
  value?: string,
) {
  return DomUtils.findAll(
    (el) => el.attribs[attr] !== undefined && (value === undefined || el.attribs[attr] === value),
    root.children,
  );
}

/** The text a reader sees in a node (entities decoded). */
export function textOf(node: Parameters<typeof DomUtils.textContent>[0]): string {
  return DomUtils.textContent(node).replace(/\s+/g, ' ').trim();
}

/** Every element name and attribute name in the document: where injected markup would show up. */
export function elementsAndAttributes(doc: Doc): { tags: Set<string>; attributes: Set<string> } {
  const tags = new Set<string>();
  const attributes = new Set<string>();
  for (const el of DomUtils.findAll(() => true, doc.children)) {
    tags.add(el.name);
    for (const a of Object.keys(el.attribs)) attributes.add(a);
  }
  return { tags, attributes };
}

export async function readWorkbook(content: Buffer): Promise<ExcelJS.Workbook> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(content as unknown as ArrayBuffer);
  return workbook;
}

/** A cell's number, whether a plain value or a formula with its cached result. */
export function numberIn(cell: ExcelJS.Cell): number | undefined {
  const v = cell.value;
  if (typeof v === 'number') return v;
  if (v && typeof v === 'object' && 'result' in v && typeof v.result === 'number') return v.result;
  return undefined;
}
