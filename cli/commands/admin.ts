// The manager's `kpi` commands over the admin HTTP API (shared/admin/routes.ts): the roster, respondents,
// projects, the month's facts (requests, complaints, exam, stories, verdict, overrides, follow-ups), and a
// month's status. Each subcommand is one API call; lists print as a table, records as JSON (`--json` for all).

import Table from 'cli-table3';
import { Command, Option } from 'commander';
import type { InvitationStatusRow, MonthStatus } from '#shared/admin/months.ts';
import type { AdminMethod } from '#shared/admin/routes.ts';
import { RESPONDENT_KINDS } from '#shared/domain/respondent.ts';
import { LANGUAGES, type Language } from '#shared/domain/values.ts';
import { defaultRubric } from '#shared/rubric/default.ts';
import { DAILY_REPORT_VERDICTS, INDICATOR_KEYS } from '#shared/rubric/indicators.ts';
import type { ScoreCard } from '#shared/scoring/scoreCard.ts';
import { API_OPTIONS, apiOptions, callAdmin, resolveApiTarget } from '../support/api.ts';
import { readJsonFile } from '../support/files.ts';
import { renderScoreCardTable } from '../support/scoreCardTable.ts';

type Options = Record<string, unknown>;

interface Sub {
  name: string;
  description: string;
  /** Positional arguments, commander syntax: `<id>`, `<month>`. */
  args?: string[];
  options?: Array<Option | [flags: string, description: string]>;
  method: AdminMethod;
  path: string;
  /** The route's input from the positional arguments and options. */
  input: (args: string[], options: Options) => Record<string, unknown>;
  /** Columns shown when the answer is a list. */
  columns?: string[];
  /** Shapes the answer before it is printed (e.g. the month status as lines, a score card as a table). */
  render?: (result: unknown, options: Options) => string;
}

/** Keeps only the options the user gave, under the names the API uses. */
function pick(options: Options, names: string[]): Record<string, unknown> {
  return Object.fromEntries(names.filter((n) => options[n] !== undefined).map((n) => [n, options[n]]));
}

const plain = { head: [], border: [] };

function cell(value: unknown): string {
  if (value === undefined || value === null) return '';
  if (Array.isArray(value)) return value.join(', ');
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

export function renderList(rows: unknown[], columns: string[]): string {
  if (rows.length === 0) return '(none)\n';
  const table = new Table({ head: columns, style: plain });
  for (const row of rows) table.push(columns.map((c) => cell((row as Options)[c])));
  return `${table.toString()}\n`;
}

function print(result: unknown, sub: Sub, options: Options): void {
  if (options.json === true || result === null || typeof result !== 'object') {
    process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
  } else if (sub.render) {
    process.stdout.write(sub.render(result, options));
  } else if (Array.isArray(result) && sub.columns) {
    process.stdout.write(renderList(result, sub.columns));
  } else {
    process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
  }
}

function group(name: string, description: string, subs: Sub[]): Command {
  const command = new Command(name).description(description);
  for (const sub of subs) {
    const c = new Command(sub.name).description(sub.description);
    for (const a of sub.args ?? []) c.argument(a);
    for (const o of sub.options ?? []) {
      if (o instanceof Option) c.addOption(o);
      else c.option(o[0], o[1]);
    }
    for (const [flags, description] of API_OPTIONS) c.option(flags, description);
    c.option('--json', 'print the API answer as JSON').action(async (...received: unknown[]) => {
      const self = received.at(-1) as Command;
      const args = received.slice(0, (sub.args ?? []).length) as string[];
      const options = self.opts<Options>();
      const target = resolveApiTarget(apiOptions(options));
      const result = await callAdmin(target, sub.method, sub.path, sub.input(args, options));
      print(result, sub, options);
    });
    command.addCommand(c);
  }
  return command;
}

const month = '<month>';
const list = (value: string) =>
  value
    .split(/[,;\s]+/)
    .map((v) => v.trim())
    .filter(Boolean);
const choices = (flags: string, description: string, values: readonly string[]) =>
  new Option(flags, description).choices(values as string[]);

const engineerFields = [
  'name',
  'email',
  'region',
  'language',
  'managerEmail',
  'startDate',
  'endDate',
  'leave',
  'active',
];
const engineerOptions = (required: boolean): Sub['options'] => [
  required ? new Option('--name <name>', 'full name').makeOptionMandatory() : ['--name <name>', 'full name'],
  required
    ? new Option('--email <email>', 'email address').makeOptionMandatory()
    : ['--email <email>', 'email address'],
  required
    ? new Option('--region <region>', 'region').makeOptionMandatory()
    : ['--region <region>', 'region'],
  choices('--language <language>', 'language of forms and emails', LANGUAGES),
  ['--manager-email <email>', "the engineer's manager"],
  ['--start-date <date>', 'employment start YYYY-MM-DD'],
  ['--end-date <date>', 'employment end YYYY-MM-DD'],
  new Option('--leave <dates>', 'approved leave days, comma-separated').argParser(list),
  choices('--active <bool>', 'whether the engineer is scored', ['true', 'false']),
];

const engineerColumns = ['id', 'name', 'email', 'language', 'region', 'active', 'startDate', 'endDate'];

function engineersGroup(): Command {
  return group('engineers', 'the roster: engineers who are scored', [
    {
      name: 'list',
      description: 'list engineers',
      options: [['--active', 'only active engineers']],
      method: 'GET',
      path: '/admin/engineers',
      input: (_, o) => (o.active ? { active: 'true' } : {}),
      columns: engineerColumns,
    },
    {
      name: 'show',
      description: 'show one engineer',
      args: ['<id>'],
      method: 'GET',
      path: '/admin/engineers/{id}',
      input: ([id]) => ({ id }),
    },
    {
      name: 'add',
      description: 'add an engineer',
      args: ['<id>'],
      options: engineerOptions(true),
      method: 'POST',
      path: '/admin/engineers',
      input: ([id], o) => ({ id, ...pick(o, engineerFields) }),
    },
    {
      name: 'update',
      description: 'change some fields of an engineer',
      args: ['<id>'],
      options: engineerOptions(false),
      method: 'PATCH',
      path: '/admin/engineers/{id}',
      input: ([id], o) => ({ id, ...pick(o, engineerFields) }),
    },
    {
      name: 'rotate-link',
      description: "revoke the engineer's daily-report links (new links get a new version)",
      args: ['<id>'],
      method: 'POST',
      path: '/admin/engineers/{id}/rotate-link',
      input: ([id]) => ({ id }),
    },
  ]);
}

function respondentsGroup(): Command {
  const options = (required: boolean): Sub['options'] => [
    required
      ? choices('--kind <kind>', 'who they are', RESPONDENT_KINDS).makeOptionMandatory()
      : choices('--kind <kind>', 'who they are', RESPONDENT_KINDS),
    new Option('--name <name>', 'full name').makeOptionMandatory(required),
    new Option('--email <email>', 'email address').makeOptionMandatory(required),
    choices('--language <language>', 'language of the survey', LANGUAGES),
    ['--region <region>', "a regional sales manager's region"],
    ['--customer <customer>', "a customer contact's customer"],
  ];
  const fields = ['kind', 'name', 'email', 'language', 'region', 'customer'];
  return group('respondents', 'regional sales managers and customer contacts who answer the survey', [
    {
      name: 'list',
      description: 'list respondents',
      method: 'GET',
      path: '/admin/respondents',
      input: () => ({}),
      columns: ['id', 'kind', 'name', 'email', 'language', 'region', 'customer'],
    },
    {
      name: 'show',
      description: 'show one respondent',
      args: ['<id>'],
      method: 'GET',
      path: '/admin/respondents/{id}',
      input: ([id]) => ({ id }),
    },
    {
      name: 'add',
      description: 'add a respondent',
      args: ['<id>'],
      options: options(true),
      method: 'POST',
      path: '/admin/respondents',
      input: ([id], o) => ({ id, ...pick(o, fields) }),
    },
    {
      name: 'replace',
      description: 'replace a respondent (all fields)',
      args: ['<id>'],
      options: options(true),
      method: 'PUT',
      path: '/admin/respondents/{id}',
      input: ([id], o) => ({ id, ...pick(o, fields) }),
    },
  ]);
}

function projectsGroup(): Command {
  const options: Sub['options'] = [
    new Option('--name <name>', 'project name').makeOptionMandatory(),
    new Option('--customer <customer>', 'customer').makeOptionMandatory(),
    new Option('--engineer <id>', 'the engineer who supports it').makeOptionMandatory(),
    new Option('--start <date>', 'start YYYY-MM-DD').makeOptionMandatory(),
    ['--end <date>', 'end YYYY-MM-DD'],
  ];
  const input = ([id]: string[], o: Options) => ({
    id,
    ...pick(o, ['name', 'customer', 'start', 'end']),
    engineerId: o.engineer,
  });
  return group('projects', 'projects and who supports them (each needs a weekly follow-up)', [
    {
      name: 'list',
      description: 'list projects',
      options: [['--engineer <id>', "only this engineer's projects"]],
      method: 'GET',
      path: '/admin/projects',
      input: (_, o) => (o.engineer ? { engineerId: o.engineer } : {}),
      columns: ['id', 'name', 'customer', 'engineerId', 'start', 'end'],
    },
    {
      name: 'show',
      description: 'show one project',
      args: ['<id>'],
      method: 'GET',
      path: '/admin/projects/{id}',
      input: ([id]) => ({ id }),
    },
    {
      name: 'add',
      description: 'add a project',
      args: ['<id>'],
      options,
      method: 'POST',
      path: '/admin/projects',
      input,
    },
    {
      name: 'replace',
      description: 'replace a project (set its end, hand it to another engineer)',
      args: ['<id>'],
      options,
      method: 'PUT',
      path: '/admin/projects/{id}',
      input,
    },
  ]);
}

function requestsGroup(): Command {
  return group('requests', 'support requests (indicator 1: technical resolution)', [
    {
      name: 'list',
      description: 'support requests due in a month',
      args: [month],
      method: 'GET',
      path: '/admin/support-requests',
      input: ([m]) => ({ month: m }),
      columns: ['id', 'engineerId', 'customer', 'dueAt', 'resolvedAt', 'independent'],
    },
    {
      name: 'add',
      description: 'record a support request',
      options: [
        new Option('--engineer <id>', 'engineer').makeOptionMandatory(),
        new Option('--customer <customer>', 'customer').makeOptionMandatory(),
        new Option('--due <timestamp>', 'due time, e.g. 2026-10-20T18:00:00+08:00').makeOptionMandatory(),
        ['--resolved <timestamp>', 'when it was resolved'],
        ['--independent', 'resolved by the engineer without help'],
        ['--summary <text>', 'what it was about'],
        ['--id <id>', 'an id of your own (default: generated)'],
      ],
      method: 'POST',
      path: '/admin/support-requests',
      input: (_, o) => ({
        ...pick(o, ['id', 'customer', 'summary']),
        engineerId: o.engineer,
        dueAt: o.due,
        resolvedAt: o.resolved,
        independent: o.independent === true,
      }),
    },
    {
      name: 'resolve',
      description: 'record how a request ended',
      args: ['<id>'],
      options: [
        ['--resolved <timestamp>', 'when it was resolved (omit to mark it open again)'],
        ['--independent', 'resolved by the engineer without help'],
      ],
      method: 'POST',
      path: '/admin/support-requests/{id}/resolve',
      input: ([id], o) => ({ id, resolvedAt: o.resolved ?? null, independent: o.independent === true }),
    },
  ]);
}

function complaintsGroup(): Command {
  return group('complaints', 'customer complaints (indicator 4); only confirmed ones count', [
    {
      name: 'list',
      description: 'complaints of a month',
      args: [month],
      method: 'GET',
      path: '/admin/complaints',
      input: ([m]) => ({ month: m }),
      columns: ['id', 'engineerId', 'date', 'status', 'decidedBy', 'text'],
    },
    {
      name: 'add',
      description: 'record a complaint (pending until confirmed or dismissed)',
      options: [
        new Option('--engineer <id>', 'engineer').makeOptionMandatory(),
        new Option('--date <date>', 'date YYYY-MM-DD').makeOptionMandatory(),
        new Option('--text <text>', 'what the complaint is about').makeOptionMandatory(),
      ],
      method: 'POST',
      path: '/admin/complaints',
      input: (_, o) => ({ engineerId: o.engineer, date: o.date, text: o.text }),
    },
    ...(['confirm', 'dismiss'] as const).map(
      (action): Sub => ({
        name: action,
        description: `${action} a complaint`,
        args: ['<id>'],
        options: [['--by <name>', 'who decided (default: the API caller)']],
        method: 'POST',
        path: `/admin/complaints/{id}/${action}`,
        input: ([id], o) => ({ id, ...pick(o, ['by']) }),
      }),
    ),
  ]);
}

function examGroup(): Command {
  return group('exam', 'training-exam scores (indicator 5)', [
    {
      name: 'set',
      description: "set an engineer's exam score of a month",
      args: ['<engineer>', month, '<score>'],
      method: 'PUT',
      path: '/admin/exam-scores',
      input: ([engineerId, m, score]) => ({ engineerId, month: m, score }),
    },
    {
      name: 'list',
      description: 'exam scores of a month',
      args: [month],
      method: 'GET',
      path: '/admin/exam-scores',
      input: ([m]) => ({ month: m }),
      columns: ['engineerId', 'month', 'score', 'by', 'at'],
    },
  ]);
}

function storiesGroup(): Command {
  return group('stories', 'success stories shared (indicator 5 bonus)', [
    {
      name: 'add',
      description: 'record a success story',
      options: [
        new Option('--engineer <id>', 'engineer').makeOptionMandatory(),
        new Option('--date <date>', 'date YYYY-MM-DD').makeOptionMandatory(),
        new Option('--title <title>', 'title').makeOptionMandatory(),
      ],
      method: 'POST',
      path: '/admin/success-stories',
      input: (_, o) => ({ engineerId: o.engineer, date: o.date, title: o.title }),
    },
    {
      name: 'remove',
      description: 'remove a success story recorded by mistake',
      args: ['<id>'],
      method: 'DELETE',
      path: '/admin/success-stories/{id}',
      input: ([id]) => ({ id }),
    },
    {
      name: 'list',
      description: 'success stories of a month',
      args: [month],
      method: 'GET',
      path: '/admin/success-stories',
      input: ([m]) => ({ month: m }),
      columns: ['id', 'engineerId', 'date', 'title'],
    },
  ]);
}

function verdictGroup(): Command {
  return group('verdict', "the month's verdict on an engineer's daily reports (indicator 6)", [
    {
      name: 'set',
      description: `set the verdict (${DAILY_REPORT_VERDICTS.join(' | ')})`,
      args: ['<engineer>', month, '<verdict>'],
      method: 'PUT',
      path: '/admin/verdicts',
      input: ([engineerId, m, verdict]) => ({ engineerId, month: m, verdict }),
    },
    {
      name: 'list',
      description: 'verdicts of a month',
      args: [month],
      method: 'GET',
      path: '/admin/verdicts',
      input: ([m]) => ({ month: m }),
      columns: ['engineerId', 'month', 'verdict', 'by', 'at'],
    },
  ]);
}

function overrideGroup(): Command {
  return group('override', "override an indicator's points for an engineer-month, with a reason", [
    {
      name: 'set',
      description: `override (indicator: ${INDICATOR_KEYS.join(' | ')})`,
      args: ['<engineer>', month, '<indicator>', '<points>'],
      options: [new Option('--reason <text>', 'why (shown on the report)').makeOptionMandatory()],
      method: 'PUT',
      path: '/admin/overrides',
      input: ([engineerId, m, indicator, points], o) => ({
        engineerId,
        month: m,
        indicator,
        points,
        reason: o.reason,
      }),
    },
    {
      name: 'remove',
      description: 'remove an override',
      args: ['<engineer>', month, '<indicator>'],
      method: 'DELETE',
      path: '/admin/overrides/{engineerId}/{month}/{indicator}',
      input: ([engineerId, m, indicator]) => ({ engineerId, month: m, indicator }),
    },
    {
      name: 'list',
      description: 'overrides of a month',
      args: [month],
      method: 'GET',
      path: '/admin/overrides',
      input: ([m]) => ({ month: m }),
      columns: ['engineerId', 'indicator', 'points', 'reason', 'by', 'at'],
    },
  ]);
}

function followUpsGroup(): Command {
  return group('followups', 'follow-up visits recorded directly (not through a daily report)', [
    {
      name: 'add',
      description: 'record a follow-up visit',
      options: [
        new Option('--engineer <id>', 'engineer').makeOptionMandatory(),
        new Option('--project <id>', 'project').makeOptionMandatory(),
        new Option('--date <date>', 'date YYYY-MM-DD').makeOptionMandatory(),
        ['--note <text>', 'what was found'],
      ],
      method: 'POST',
      path: '/admin/follow-ups',
      input: (_, o) => ({ engineerId: o.engineer, projectId: o.project, date: o.date, ...pick(o, ['note']) }),
    },
    {
      name: 'list',
      description: 'follow-up visits recorded directly in a month',
      args: [month],
      method: 'GET',
      path: '/admin/follow-ups',
      input: ([m]) => ({ month: m }),
      columns: ['id', 'engineerId', 'projectId', 'date', 'note'],
    },
  ]);
}

function reportsGroup(): Command {
  return group('reports', "engineers' daily reports", [
    {
      name: 'list',
      description: "an engineer's daily reports of a month",
      args: ['<engineer>', month],
      method: 'GET',
      path: '/admin/daily-reports',
      input: ([engineerId, m]) => ({ engineerId, month: m }),
      columns: ['date', 'submittedAt', 'lastEditedAt', 'revision', 'workDone'],
    },
  ]);
}

function invitationsGroup(): Command {
  return group('invitations', 'survey invitations and their responses', [
    {
      name: 'list',
      description: 'survey invitations of a month',
      args: [month],
      method: 'GET',
      path: '/admin/invitations',
      input: ([m]) => ({ month: m }),
      columns: ['id', 'engineerId', 'respondentId', 'status', 'sentAt', 'remindedAt', 'answeredAt'],
    },
    {
      name: 'show',
      description: 'an invitation with its latest response and earlier revisions',
      args: ['<id>'],
      method: 'GET',
      path: '/admin/invitations/{id}',
      input: ([id]) => ({ id }),
    },
  ]);
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
export const STATUS_WIDTH = 100;

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

function monthCommands(): Command[] {
  const single = new Command('status')
    .description("a month's status: who has answered the survey, which daily reports are missing so far")
    .argument(month);
  for (const [flags, description] of API_OPTIONS) single.option(flags, description);
  single.option('--json', 'print the API answer as JSON').action(async (m: string, options: Options) => {
    const target = resolveApiTarget(apiOptions(options));
    const result = await callAdmin(target, 'GET', '/admin/months/{month}/status', { month: m });
    process.stdout.write(options.json ? `${JSON.stringify(result, null, 2)}\n` : renderStatus(result));
  });
  const facts = group('month', 'look at an engineer-month before it is scored', [
    {
      name: 'input',
      description: 'the scoring input assembled from the stored facts (JSON, as `kpi score --input` reads)',
      args: ['<engineer>', month],
      method: 'GET',
      path: '/admin/months/{month}/engineers/{engineerId}/input',
      input: ([engineerId, m]) => ({ engineerId, month: m }),
    },
    {
      name: 'preview',
      description:
        'a score card preview from the facts stored so far, as `kpi score --format table` prints it (stores and sends nothing)',
      args: ['<engineer>', month],
      options: [choices('-l, --lang <language>', 'language of the table (default zh-CN)', LANGUAGES)],
      method: 'GET',
      path: '/admin/months/{month}/engineers/{engineerId}/preview',
      input: ([engineerId, m]) => ({ engineerId, month: m }),
      // The admin API scores with the default rubric (shared/admin/months.ts scorePreview).
      render: (card, o) =>
        renderScoreCardTable(card as ScoreCard, defaultRubric, (o.lang as Language | undefined) ?? 'zh-CN'),
    },
  ]);
  const settings = group('settings', "the organisation's settings (time zone, holidays, schedule, manager)", [
    {
      name: 'show',
      description: 'show the settings',
      method: 'GET',
      path: '/admin/settings',
      input: () => ({}),
    },
    {
      name: 'set',
      description: 'set the settings from a JSON file (the whole document; omitted fields take defaults)',
      args: ['<file>'],
      method: 'PUT',
      path: '/admin/settings',
      input: ([file]) => {
        const json = readJsonFile(file!, 'settings file');
        return typeof json === 'object' && json !== null && !Array.isArray(json)
          ? (json as Record<string, unknown>)
          : {};
      },
    },
  ]);
  return [single, facts, settings];
}

/** Every admin command group, for cli/kpi.ts to register. */
export function adminCommands(): Command[] {
  return [
    engineersGroup(),
    respondentsGroup(),
    projectsGroup(),
    requestsGroup(),
    complaintsGroup(),
    examGroup(),
    storiesGroup(),
    verdictGroup(),
    overrideGroup(),
    followUpsGroup(),
    reportsGroup(),
    invitationsGroup(),
    ...monthCommands(),
  ];
}
