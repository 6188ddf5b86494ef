// The manager's `kpi` commands over the admin HTTP API: the roster, respondents, projects, the month's facts
// (requests, complaints, exam, stories, verdict, overrides, follow-ups), and a month's status. The commands
// themselves come from the route table (shared/admin/routes.ts, made by cli/support/routeCommands.ts); this
// file says how they are shown: the groups, the columns of each list, and the renderers. Each subcommand is one
// API call; lists print as a table, records as JSON (`--json` for all).

import Table from 'cli-table3';
import { type Command, Option } from 'commander';
import type { AuditAnswer } from '#shared/admin/audit.ts';
import type { InvitationStatusRow, MonthStatus } from '#shared/admin/months.ts';
import type { CardRevision } from '#shared/admin/revisions.ts';
import { changeInShort } from '#shared/domain/audit.ts';
import type { MonthLifecycle } from '#shared/domain/monthRecord.ts';
import { localTimeWithZone } from '#shared/domain/monthTimeline.ts';
import { DEFAULT_LANGUAGE, LANGUAGES, type Language, localDateTime } from '#shared/domain/values.ts';
import { formatPoints, revisionChangeLines, revisionWords } from '#shared/mail/locale.ts';
import { defaultRubric } from '#shared/rubric/default.ts';
import type { ScoreCard } from '#shared/scoring/scoreCard.ts';
import { type Group, type Options, type Presentation, routeCommands } from '../support/routeCommands.ts';
import { renderScoreCardTable } from '../support/scoreCardTable.ts';

const plain = { head: [], border: [] };

function cell(value: unknown): string {
  if (value === undefined || value === null) return '';
  if (Array.isArray(value)) return value.join(', ');
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

function renderList(rows: unknown[], columns: string[]): string {
  if (rows.length === 0) return '(none)\n';
  const table = new Table({ head: columns, style: plain });
  for (const row of rows) table.push(columns.map((c) => cell((row as Options)[c])));
  return `${table.toString()}\n`;
}

/** A list answer as a table of these columns (anything else as JSON). */
function table(...columns: string[]): Presentation {
  return {
    render: (result) =>
      Array.isArray(result) ? renderList(result, columns) : `${JSON.stringify(result, null, 2)}\n`,
  };
}

/** The width a terminal gives a line: CJK characters take two columns. */
const WIDE = /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/;
function displayWidth(text: string): number {
  let width = 0;
  for (const ch of text) width += WIDE.test(ch) ? 2 : 1;
  return width;
}

/** A line cut to `width` columns with an ellipsis (the full answer is in `--json`). */
function truncateTo(line: string, width: number): string {
  if (displayWidth(line) <= width) return line;
  let out = '';
  for (const ch of line) {
    if (displayWidth(`${out}${ch}…`) > width) break;
    out += ch;
  }
  return `${out}…`;
}

/** Days of the month as a count and the first few days of the month: "7: 02 05 06 +4" (all of them in --json). */
export function dayList(days: readonly string[], shown = 3): string {
  if (days.length === 0) return '0';
  const first = days
    .slice(0, shown)
    .map((d) => d.slice(8))
    .join(' ');
  return `${days.length}: ${first}${days.length > shown ? ` +${days.length - shown}` : ''}`;
}

/** Every line of `kpi status` fits a terminal this wide. */
const STATUS_WIDTH = 100;

export function renderStatus(result: unknown): string {
  // The admin API's own answer type (shared/admin/months.ts), so the two cannot drift apart.
  const s = result as MonthStatus;
  const who = (r: InvitationStatusRow) =>
    `${r.respondentName ?? r.respondentId} → ${r.engineerName ?? r.engineerId}`;
  // Widths include each cell's padding; with the borders the table is 99 columns at most.
  const reports = new Table({
    head: ['engineer', 'workdays due', 'on time', 'missing: days', 'late: days'],
    colWidths: [34, 14, 9, 18, 18],
    wordWrap: true,
    wrapOnWordBoundary: false,
    style: plain,
  });
  for (const r of s.dailyReports) {
    reports.push([
      // The id first: a long name may be cut, the id a command needs never is.
      `${r.engineerId} ${r.engineerName}`,
      String(r.workdaysDue),
      String(r.onTime),
      dayList(r.missingDays),
      dayList(r.lateDays),
    ]);
  }
  const lines = [
    `month ${s.month} (as of ${s.asOf})`,
    '',
    `survey: ${s.survey.answered.length} of ${s.survey.invitations} answered`,
    ...s.survey.notAnswered.map((r) => truncateTo(`  waiting: ${who(r)}`, STATUS_WIDTH)),
    '',
    'daily reports so far:',
    s.dailyReports.length === 0 ? '(none)' : reports.toString(),
  ];
  return `${lines.join('\n')}\n`;
}

/** `kpi month status`: the month's state and its dates, each in the organisation's local time with its zone. */
export function renderMonthLifecycle(result: unknown): string {
  const m = result as MonthLifecycle;
  const at = (instant: string) => localTimeWithZone(instant, m.timezone);
  const collecting = m.state === 'not-begun' || m.state === 'collecting';
  const appeals =
    m.appealDeadline === null
      ? '—'
      : m.appealsOpen
        ? `open until ${at(m.appealDeadline)}`
        : `closed (deadline ${at(m.appealDeadline)})`;
  const finalisation =
    m.state === 'final'
      ? `done ${m.finalizedAt ? at(m.finalizedAt) : '(time not recorded)'}${m.finalizedBy ? ` by ${m.finalizedBy}` : ''}`
      : m.scheduledFinalisation
        ? `scheduled ${at(m.scheduledFinalisation)} (the finalise job; \`kpi month finalize ${m.month}\` now)`
        : `by an admin: the finalise job's days have passed (\`kpi month finalize ${m.month}\`)`;
  const rows: Array<[string, string]> = [
    [collecting ? 'evidence closes' : 'evidence closed', at(m.evidenceCloses)],
    ['first run', m.firstRunAt ? at(m.firstRunAt) : '—'],
    ['appeals', appeals],
    ['finalisation', finalisation],
    ...(m.reopenedAt
      ? [
          ['reopened', `${at(m.reopenedAt)}${m.reopenReason ? `: ${m.reopenReason}` : ''}`] as [
            string,
            string,
          ],
        ]
      : []),
    [
      'open appeals',
      m.openAppeals.length === 0
        ? 'none'
        : m.openAppeals.map((a) => `${a.engineerId} (${a.appealId})`).join(', '),
    ],
  ];
  const width = Math.max(...rows.map(([label]) => label.length));
  return `${[`month ${m.month}: ${m.state}`, ...rows.map(([label, value]) => `  ${label.padEnd(width)}  ${value}`)].join('\n')}\n`;
}

// The console's record of changes shows the same short form.
export { changeInShort };

/** `kpi audit`: one row per change, oldest first, times in the organisation's zone. */
export function renderAudit(result: unknown): string {
  // The admin API's own answer type (shared/admin/audit.ts).
  const answer = result as AuditAnswer;
  const title = `record of changes: ${answer.month}${answer.engineerId ? `, ${answer.engineerId}` : ''} (times in ${answer.timezone})`;
  if (answer.entries.length === 0)
    return `${title}
(none)
`;
  const rows = new Table({
    head: ['when', 'who', 'what', 'item', 'before → after'],
    // The last column wraps; the others take the width of what they hold (ids are never cut).
    colWidths: [null, null, null, null, 50],
    wordWrap: true,
    wrapOnWordBoundary: false,
    style: plain,
  });
  for (const e of answer.entries) {
    const change = changeInShort(e.before, e.after);
    rows.push([
      localDateTime(Date.parse(e.at), answer.timezone),
      e.actor,
      e.action,
      `${e.item.kind} ${e.item.id}${e.engineerId && !e.item.id.startsWith(e.engineerId) ? ` (${e.engineerId})` : ''}`,
      truncateTo(e.reason ? `${change} (reason: ${e.reason})` : change, 48 * 3),
    ]);
  }
  return `${title}
${rows.toString()}
`;
}

/** The command groups of `kpi --help`, in order; `status` stands alone. */
const GROUPS: readonly Group[] = [
  { name: 'engineers', description: 'the roster: engineers who are scored' },
  {
    name: 'respondents',
    description: 'regional sales managers and customer contacts who answer the survey',
  },
  { name: 'projects', description: 'projects and who supports them (each needs a weekly follow-up)' },
  { name: 'requests', description: 'support requests (indicator 1: technical resolution)' },
  { name: 'complaints', description: 'customer complaints (indicator 4); only confirmed ones count' },
  { name: 'exam', description: 'training-exam scores (indicator 5)' },
  { name: 'stories', description: 'success stories shared (indicator 5 bonus)' },
  { name: 'verdict', description: "the month's verdict on an engineer's daily reports (indicator 6)" },
  { name: 'override', description: "override an indicator's points for an engineer-month, with a reason" },
  { name: 'followups', description: 'follow-up visits recorded directly (not through a daily report)' },
  { name: 'reports', description: "engineers' daily reports" },
  { name: 'invitations', description: 'survey invitations and their responses' },
  { name: 'appeals', description: "engineers' appeals (申诉) of a provisional month, and their outcomes" },
  { name: 'status' },
  { name: 'audit' },
  {
    name: 'month',
    description: "a month's life (status, finalize, reopen) and an engineer-month before it is scored",
  },
  { name: 'settings', description: "the organisation's settings (time zone, holidays, schedule, manager)" },
];

/** How each command's answer is shown, keyed by the command (`kpi engineers list`); the rest print JSON. */
const SHOWN: Readonly<Record<string, Presentation>> = {
  'engineers list': table('id', 'name', 'email', 'language', 'region', 'active', 'startDate', 'endDate'),
  'respondents list': table('id', 'kind', 'name', 'email', 'language', 'region', 'customer'),
  'projects list': table('id', 'name', 'customer', 'engineerId', 'start', 'end'),
  'requests list': table('id', 'engineerId', 'customer', 'dueAt', 'resolvedAt', 'independent'),
  'complaints list': table('id', 'engineerId', 'date', 'status', 'decidedBy', 'text'),
  'exam list': table('engineerId', 'month', 'score', 'by', 'at'),
  'stories list': table('id', 'engineerId', 'date', 'title'),
  'verdict list': table('engineerId', 'month', 'verdict', 'by', 'at'),
  'override list': table('engineerId', 'indicator', 'points', 'reason', 'by', 'at'),
  'followups list': table('id', 'engineerId', 'projectId', 'date', 'note'),
  'reports list': table('date', 'submittedAt', 'lastEditedAt', 'revision', 'workDone'),
  'invitations list': table(
    'id',
    'engineerId',
    'respondentId',
    'status',
    'sentAt',
    'remindedAt',
    'answeredAt',
  ),
  'appeals list': table('id', 'engineerId', 'status', 'indicators', 'filedAt', 'resolvedBy', 'reason'),
  status: { render: renderStatus },
  'month revisions': {
    options: [
      new Option('-l, --lang <language>', 'language of the changes (default zh-CN)').choices(
        LANGUAGES as unknown as string[],
      ),
    ],
    render: (result, o) => renderRevisions(result, (o.lang as Language | undefined) ?? DEFAULT_LANGUAGE),
  },
  audit: { render: renderAudit },
  'month status': { render: renderMonthLifecycle },
  'month preview': {
    options: [
      new Option('-l, --lang <language>', 'language of the table (default zh-CN)').choices(
        LANGUAGES as unknown as string[],
      ),
    ],
    // The admin API scores with the default rubric (shared/admin/months.ts scorePreview).
    render: (card, o) =>
      renderScoreCardTable(
        card as ScoreCard,
        defaultRubric,
        (o.lang as Language | undefined) ?? DEFAULT_LANGUAGE,
      ),
  },
};

/** Each revision with its total and, from the second on, what changed and why — as the revised email says it. */
export function renderRevisions(result: unknown, language: Language): string {
  const revisions = result as CardRevision[];
  if (revisions.length === 0) return '(none)\n';
  const words = revisionWords[language];
  return `${revisions
    .flatMap((r) => [
      `r${r.revision}  ${r.createdAt}  ${formatPoints(r.total)}`,
      ...(r.changes
        ? [
            `  ${words.changesTitle(r.changes.previousRevision)}: ${words.totalChange(formatPoints(r.changes.previousTotal), formatPoints(r.total))}`,
            ...revisionChangeLines(r.changes, defaultRubric, language).flatMap((line) => [
              `    ${line.heading}`,
              ...line.reasons.map((reason) => `      ${reason}`),
            ]),
          ]
        : []),
    ])
    .join('\n')}\n`;
}

/** Every admin command group, for cli/program.ts to register. */
export function adminCommands(): Command[] {
  return routeCommands(GROUPS, SHOWN);
}
