// Writes every email of a month as the product would send it (HTML, text, attachments) into .data/preview/,
// for sample engineers scored by the real engine, and with --screenshot renders each HTML in chromium to a PNG
// and prints each .xlsx with LibreOffice to a PDF and a PNG per page — a way to look at the emails and the
// printed workbooks without running the month. `npm run mail:preview -- [--screenshot] [--out DIR]`

import { spawnSync } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { Appeal } from '#shared/domain/appeal.ts';
import {
  addDays,
  DEFAULT_ZONE,
  daysBetween,
  firstDayOf,
  instantOfLocalTime,
  isoWeekday,
  type Language,
  lastDayOf,
  monthsEndingWith,
} from '#shared/domain/values.ts';
import { renderAppealFiled, renderAppealOutcome } from '#shared/mail/appeal.ts';
import { mailConfig } from '#shared/mail/config.ts';
import { renderEngineerReport } from '#shared/mail/engineerReport.ts';
import { renderFinalisationHeld } from '#shared/mail/finalisationHeld.ts';
import { renderLowScoreAlert } from '#shared/mail/lowScoreAlert.ts';
import type { OutgoingEmail } from '#shared/mail/send.ts';
import { renderSurveyInvitation } from '#shared/mail/surveyInvitation.ts';
import { renderTeamSummary } from '#shared/mail/teamSummary.ts';
import { defaultRubric } from '#shared/rubric/default.ts';
import type { DailyReportVerdict } from '#shared/rubric/indicators.ts';
import { scoreEngineerMonth } from '#shared/scoring/engine.ts';
import { type ScoringInputJson, scoringInputSchema } from '#shared/scoring/input.ts';
import type { ScoreCard } from '#shared/scoring/scoreCard.ts';

const ZONE = DEFAULT_ZONE;

interface SampleEngineer {
  id: string;
  name: string;
  email: string;
  language: Language;
  managerEmail: string;
  /** How this engineer's months tend to go; varied a little per month so the chart has a shape. */
  failedCustomers: string[];
  surveyScores: number[];
  projects: Array<{ id: string; name: string; missedWeekIndexes: number[] }>;
  confirmedComplaints: number;
  exam: number | null;
  stories: number;
  missedReports: number;
  verdict: DailyReportVerdict;
  override?: { indicator: 'complaints' | 'satisfaction'; points: number; reason: string; by: string };
}

const engineers: SampleEngineer[] = [
  {
    id: 'e-zhangwei',
    name: '张伟',
    email: 'zhang.wei@example.com',
    language: 'zh-CN',
    managerEmail: 'east.manager@example.com',
    failedCustomers: ['华东电信'],
    surveyScores: [96, 92, 100],
    projects: [
      { id: 'p-sh-metro', name: '上海城域网扩容', missedWeekIndexes: [] },
      { id: 'p-hz-5g', name: '杭州5G承载', missedWeekIndexes: [2] },
    ],
    confirmedComplaints: 0,
    exam: 93,
    stories: 2,
    missedReports: 1,
    verdict: 'insightful',
  },
  {
    id: 'e-lina',
    name: '李娜',
    email: 'li.na@example.com',
    language: 'zh-CN',
    managerEmail: 'east.manager@example.com',
    failedCustomers: [],
    surveyScores: [100, 96],
    projects: [{ id: 'p-nj-dc', name: '南京数据中心', missedWeekIndexes: [] }],
    confirmedComplaints: 0,
    exam: 98,
    stories: 1,
    missedReports: 0,
    verdict: 'standard',
  },
  {
    id: 'e-alice',
    name: 'Alice Chen',
    email: 'alice.chen@example.com',
    language: 'en',
    managerEmail: 'south.manager@example.com',
    failedCustomers: ['Pearl Telecom', 'Delta Cable', 'Harbor Net', 'Lotus ISP'],
    surveyScores: [88, 84, 80],
    projects: [
      { id: 'p-gz-core', name: 'Guangzhou core refresh', missedWeekIndexes: [1, 3] },
      { id: 'p-sz-edge', name: 'Shenzhen edge sites', missedWeekIndexes: [0] },
    ],
    confirmedComplaints: 1,
    exam: 85,
    stories: 0,
    missedReports: 3,
    verdict: 'perfunctory',
    override: {
      indicator: 'complaints',
      points: 15,
      reason: 'Customer withdrew the complaint',
      by: '王经理',
    },
  },
  {
    id: 'e-wangqiang',
    name: '王强',
    email: 'wang.qiang@example.com',
    language: 'zh-CN',
    managerEmail: 'south.manager@example.com',
    failedCustomers: ['珠江宽带', '南方广电'],
    surveyScores: [],
    projects: [{ id: 'p-fs-fiber', name: '佛山光纤入户', missedWeekIndexes: [] }],
    confirmedComplaints: 0,
    exam: null,
    stories: 1,
    missedReports: 2,
    verdict: 'standard',
  },
  {
    id: 'e-bob',
    name: 'Bob Smith',
    email: 'bob.smith@example.com',
    language: 'en',
    managerEmail: 'east.manager@example.com',
    failedCustomers: [],
    surveyScores: [100, 100, 96, 92],
    projects: [{ id: 'p-wx-campus', name: 'Wuxi campus network', missedWeekIndexes: [] }],
    confirmedComplaints: 0,
    exam: 100,
    stories: 3,
    missedReports: 0,
    verdict: 'insightful',
  },
];

function weekdays(month: string): string[] {
  const first = firstDayOf(month);
  return Array.from({ length: daysBetween(first, lastDayOf(month)) + 1 }, (_, i) => addDays(first, i)).filter(
    (d) => isoWeekday(d) <= 5,
  );
}

/** One engineer-month of facts; `wobble` (0–2) shifts a few counts so months differ. */
function sampleMonth(e: SampleEngineer, month: string, wobble: number): ScoringInputJson {
  const days = weekdays(month);
  const missed = new Set(
    days.filter((_, i) => i % 7 === 3).slice(0, Math.max(0, e.missedReports + wobble - 1)),
  );
  // The Monday of the week holding the 1st, then the Tuesday of it and of the five weeks after.
  const start = addDays(firstDayOf(month), 1 - isoWeekday(firstDayOf(month)));
  const tuesdays = Array.from({ length: 6 }, (_, i) => addDays(start, 7 * i + 1));
  return {
    month,
    timezone: ZONE,
    engineer: { id: e.id },
    supportRequests: [
      ...e.failedCustomers.slice(0, Math.max(0, e.failedCustomers.length + wobble - 1)).map((customer) => ({
        customer,
        dueAt: `${days[5]}T18:00:00+08:00`,
        resolvedAt: `${days[6]}T10:00:00+08:00`,
        independent: true,
      })),
      {
        customer: '常规客户',
        dueAt: `${days[2]}T18:00:00+08:00`,
        resolvedAt: `${days[2]}T11:00:00+08:00`,
        independent: true,
      },
    ],
    surveyResponses: e.surveyScores.map((score) => ({ score: Math.max(0, score - wobble * 2) })),
    projects: e.projects.map((p) => ({ id: p.id, name: p.name, start: '2025-01-01' })),
    followUps: e.projects.flatMap((p) =>
      tuesdays.filter((_, i) => !p.missedWeekIndexes.includes(i)).map((date) => ({ projectId: p.id, date })),
    ),
    complaints: Array.from({ length: e.confirmedComplaints }, () => ({
      date: days[4]!,
      status: 'confirmed' as const,
    })),
    trainingScore: e.exam === null ? null : Math.max(0, e.exam - wobble * 3),
    successStories: Array.from({ length: e.stories }, (_, i) => ({ date: days[8 + i]! })),
    dailyReports: days
      .filter((d) => !missed.has(d))
      .map((date) => ({ date, submittedAt: `${date}T19:00:00+08:00` })),
    dailyReportVerdict: e.verdict,
    overrides: month === previewMonth && e.override ? [e.override] : [],
  };
}

const score = (json: ScoringInputJson): ScoreCard =>
  scoreEngineerMonth(scoringInputSchema.parse(json), defaultRubric);

const { values: args } = parseArgs({
  options: {
    out: { type: 'string', default: '.data/preview' },
    month: { type: 'string', default: '2026-10' },
    screenshot: { type: 'boolean', default: false },
  },
});
const previewMonth = args.month;
const outDir = resolve(args.out);
const config = mailConfig({ from: 'KPI 考核 <kpi@example.com>' });

const workbooks: string[] = [];

async function write(name: string, mail: OutgoingEmail): Promise<string> {
  const htmlFile = join(outDir, `${name}.html`);
  await writeFile(htmlFile, mail.html);
  await writeFile(
    join(outDir, `${name}.txt`),
    `Subject: ${mail.subject}\nTo: ${mail.to.join(', ')}\n\n${mail.text}`,
  );
  for (const a of mail.attachments ?? []) {
    const file = join(outDir, `${name}--${a.filename}`);
    await writeFile(file, a.content);
    if (a.filename.endsWith('.xlsx')) workbooks.push(file);
  }
  return htmlFile;
}

/** Each workbook as LibreOffice prints it: `<file>.pdf` and `<file>-<page>.png`. */
async function printWorkbooks(): Promise<string> {
  const { canPrintWorkbooks, pdfToPngs, printToPdf } = await import('./printWorkbook.ts');
  if (!(await canPrintWorkbooks())) {
    return 'workbooks not printed: LibreOffice (soffice) and pdftotext are needed (Debian: libreoffice-calc-nogui poppler-utils)';
  }
  const pdfs = await printToPdf(workbooks, outDir);
  for (const pdf of pdfs) await pdfToPngs(pdf, pdf.replace(/\.pdf$/, ''));
  return `${pdfs.length} workbooks printed with LibreOffice to .pdf and a .png per page`;
}

await mkdir(outDir, { recursive: true });
const months = monthsEndingWith(previewMonth, 6);
const written: string[] = [];
const scored: Array<{ id: string; name: string; scoreCard: ScoreCard }> = [];
for (const e of engineers) {
  const cards = months.map((m, i) =>
    score(sampleMonth(e, m, m === previewMonth ? 1 : (i * 7 + e.id.length) % 3)),
  );
  const card = cards.at(-1)!;
  scored.push({ id: e.id, name: e.name, scoreCard: card });
  const mail = await renderEngineerReport(
    {
      engineer: e,
      scoreCard: card,
      rubric: defaultRubric,
      history: cards.map((c) => ({ month: c.month, total: c.total })),
      revised: e.override !== undefined,
      revision: e.override ? 2 : 1,
      appealUrl: 'http://127.0.0.1:3000/a/preview-token',
    },
    config,
  );
  written.push(await write(`report-${e.id}`, mail));
}
written.push(
  await write(
    'team-summary',
    await renderTeamSummary(
      {
        month: previewMonth,
        recipient: { name: '王经理', email: 'dept.manager@example.com' },
        rubric: defaultRubric,
        engineers: scored,
        unansweredInvitations: [{ respondentName: '陈静（华南区销售经理）', engineerName: '王强' }],
        parkedFailures: [
          { engineerId: 'e-zhao', engineerName: '赵磊', reason: 'DynamoDB 写入失败（已重试 3 次）' },
        ],
        appeals: [
          { engineerName: '张伟', status: 'open', indicators: ['followUp'] },
          { engineerName: 'Alice Chen', status: 'upheld', indicators: ['learning'] },
        ],
      },
      config,
    ),
  ),
);
// When the month is finalised: the "final" summary, and the notice the finalise job sends while appeals are open.
written.push(
  await write(
    'team-summary-final-en',
    await renderTeamSummary(
      {
        month: previewMonth,
        final: true,
        recipient: { name: 'Wang Fang', email: 'dept.manager@example.com', language: 'en' },
        rubric: defaultRubric,
        engineers: scored,
      },
      config,
    ),
  ),
);
written.push(
  await write(
    'finalisation-held',
    renderFinalisationHeld(
      {
        month: previewMonth,
        recipient: { name: '王经理', email: 'dept.manager@example.com' },
        openAppeals: [{ engineerId: 'e-alice', engineerName: 'Alice Chen', appealId: 'a-7f3c' }],
      },
      config,
    ),
  ),
);
// The last instant of the second day after the month (23:59:59.999 local).
const deadline = new Date(
  instantOfLocalTime(addDays(lastDayOf(previewMonth), 2), 23, 59, ZONE) + 59_999,
).toISOString();
for (const reminder of [false, true]) {
  for (const language of ['zh-CN', 'en'] as const) {
    written.push(
      await write(
        `survey-${reminder ? 'reminder' : 'invitation'}-${language}`,
        renderSurveyInvitation(
          {
            respondent: {
              name: language === 'en' ? 'Carol Lee' : '陈静',
              email: 'respondent@example.com',
              language,
            },
            engineer: { name: '张伟' },
            month: previewMonth,
            link: 'http://127.0.0.1:3000/s/preview-token',
            deadline,
            timeZone: ZONE,
            rubric: defaultRubric,
            reminder,
          },
          config,
        ),
      ),
    );
  }
}
written.push(
  await write(
    'low-score-alert',
    renderLowScoreAlert(
      {
        recipient: { email: 'dept.manager@example.com' },
        month: previewMonth,
        engineer: { name: 'Alice Chen' },
        respondent: { name: '陈静', organisation: '华南区', email: 'chen.jing@example.com' },
        ratings: {
          responsiveness: 2,
          technicalCompetence: 4,
          solutionEffectiveness: 1,
          serviceAttitude: 4,
          communication: 3,
        },
        comment: '问题拖了一周才解决。\n希望下次能更快响应。',
        submittedAt: `${previewMonth}-28T10:30:00+08:00`,
        timeZone: ZONE,
        rubric: defaultRubric,
      },
      config,
    ),
  ),
);

const appeal: Appeal = {
  id: `ap-${previewMonth}-e-zhang-preview`,
  engineerId: 'e-zhang',
  month: previewMonth,
  cardRevision: 1,
  indicators: ['followUp', 'learning'],
  reason: '杭州5G承载项目第三周已回访（客户临时改期，见日报 10-16），请核实。\n培训考试成绩尚未录入。',
  status: 'open',
  filedAt: `${previewMonth}-28T10:30:00+08:00`,
  updatedAt: `${previewMonth}-28T10:30:00+08:00`,
  deadline: `${previewMonth}-28T10:30:00+08:00`,
  revisions: [],
};
written.push(
  await write(
    'appeal-filed',
    renderAppealFiled(
      {
        appeal,
        rubric: defaultRubric,
        timeZone: ZONE,
        recipient: { email: 'dept.manager@example.com' },
        engineer: { name: '张伟' },
        card: scored[0]!.scoreCard,
      },
      config,
    ),
  ),
);
for (const language of ['zh-CN', 'en'] as const) {
  written.push(
    await write(
      `appeal-outcome-${language}`,
      renderAppealOutcome(
        {
          appeal: {
            ...appeal,
            status: 'upheld',
            resolvedAt: `${previewMonth}-29T15:00:00+08:00`,
            resolvedBy: '王经理',
            outcomeReason:
              language === 'en'
                ? 'The visit is in your report of the 16th.'
                : '10-16 日报中有回访记录，已更正。',
            correction: { indicator: 'followUp', points: 15 },
          },
          rubric: defaultRubric,
          timeZone: ZONE,
          engineer: {
            name: language === 'en' ? 'Alice Chen' : '张伟',
            email: 'engineer@example.com',
            language,
          },
        },
        config,
      ),
    ),
  );
}

/** Without a font for Chinese, chromium and LibreOffice draw it as boxes; say so rather than show boxes. */
function chineseFontNote(): string | undefined {
  const fonts = spawnSync('fc-list', [':lang=zh', 'family'], { encoding: 'utf8' });
  if (fonts.status === 0 && fonts.stdout.trim() !== '') return undefined;
  return 'no font for Chinese found (fc-list :lang=zh): Chinese shows as boxes; install fonts-noto-cjk';
}

let printed: string | undefined;
if (args.screenshot) {
  const note = chineseFontNote();
  if (note) console.log(note);
  printed = await printWorkbooks();
  const { launchChromium } = await import('./chromium.ts');
  const browser = await launchChromium();
  try {
    const page = await browser.newPage({ viewport: { width: 720, height: 900 } });
    for (const file of written) {
      await page.goto(`file://${file}`);
      await page.screenshot({ path: file.replace(/\.html$/, '.png'), fullPage: true });
    }
  } finally {
    await browser.close();
  }
}
console.log(
  `${written.length} emails written to ${outDir}${args.screenshot ? ' (with .png screenshots)' : ''}`,
);
if (printed) console.log(printed);
