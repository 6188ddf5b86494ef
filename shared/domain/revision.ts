// What changed between two revisions of an engineer-month's card (lifecycle.md, "Revisions say what changed"):
// per indicator whose result moved, the previous and the new points and why. The why is data, not wording, so
// the email, `kpi` and the console say the same thing in either language (shared/mail/locale.ts words it):
// - a manager's change, read from the record of changes between the two revisions (who, when, the item);
// - evidence no manager made — survey answers, daily reports — read from the two cards' own figures, and said
//   as such (a count of new survey responses, never who gave them);
// - what the card itself says when the record has no entry (an override carries its reason, who and when;
//   an exam score its value), for changes made before the record of changes existed.
// Pure: no clock, no I/O; the caller passes the entries of the window and the organisation's time zone.
import { INDICATOR_OF_EVIDENCE } from '../rubric/evidence.ts';
import { INDICATOR_KEYS, type IndicatorKey } from '../rubric/indicators.ts';
import type { IndicatorResult, ScoreCard } from '../scoring/scoreCard.ts';
import type { AuditAction, AuditEntry, AuditItemKind } from './audit.ts';
import { isoWeekOf, type LocalDate, localDate, type Zone } from './values.ts';

/** A manager's change to the evidence, an override or an appeal's outcome. */
export interface ManagerChange {
  source: 'manager';
  kind: AuditItemKind;
  action: AuditAction;
  /** Who and on which local date; absent when only the card tells of the change. */
  by?: string;
  on?: LocalDate;
  /** The item's own date (a complaint's, a story's, a visit's, a request's due date). */
  date?: LocalDate;
  /** What names the item besides its date: a customer, a story's title, a project. */
  label?: string;
  /** The value before and after: an exam score, a verdict, an override's points. */
  from?: number | string | null;
  to?: number | string | null;
  /** The reason given: an override's, an appeal's outcome's. */
  reason?: string;
  /** The appeal this change answers (an override whose reason names it, an appeal's own outcome). */
  appealId?: string;
}

/** Survey answers arrived: how many, never from whom. */
export interface SurveyResponsesChange {
  source: 'survey';
  newResponses: number;
  responses: number;
}

/** The engineer's own daily reports: days filed late, days now filed, days now counted as missed. */
export interface DailyReportsChange {
  source: 'daily-reports';
  filedLate: LocalDate[];
  filed: LocalDate[];
  missed: LocalDate[];
}

/** Required follow-up weeks now visited, as the engineer's daily reports logged them. */
export interface FollowUpReportsChange {
  source: 'follow-up-reports';
  visited: Array<{ project: string; week: string }>;
}

/** Nothing recorded explains the change (a rubric or calendar change, say); said rather than invented. */
export interface UnexplainedChange {
  source: 'unexplained';
}

export type ChangeReason =
  | ManagerChange
  | SurveyResponsesChange
  | DailyReportsChange
  | FollowUpReportsChange
  | UnexplainedChange;

export interface IndicatorChange {
  indicator: IndicatorKey;
  from: number;
  to: number;
  reasons: ChangeReason[];
}

/** Stored with a revision (ScoreCardRecord.changes): what moved since the revision before it. */
export interface RevisionChanges {
  previousRevision: number;
  previousTotal: number;
  indicators: IndicatorChange[];
}

type Row = Record<string, unknown>;

const asRow = (value: unknown): Row | undefined =>
  value && typeof value === 'object' && !Array.isArray(value) ? (value as Row) : undefined;
const text = (row: Row | undefined, key: string): string | undefined =>
  typeof row?.[key] === 'string' ? (row[key] as string) : undefined;
const number = (row: Row | undefined, key: string): number | undefined =>
  typeof row?.[key] === 'number' ? (row[key] as number) : undefined;
const isIndicator = (v: unknown): v is IndicatorKey => (INDICATOR_KEYS as readonly unknown[]).includes(v);

/** The indicators an entry is evidence for; `all` for an appeal that does not say which it disputes. */
function indicatorsOf(entry: AuditEntry): readonly IndicatorKey[] | 'all' {
  const item = asRow(entry.after) ?? asRow(entry.before);
  if (entry.item.kind === 'override') {
    const key = item?.indicator;
    return isIndicator(key) ? [key] : [];
  }
  if (entry.item.kind === 'appeal') {
    const keys = Array.isArray(item?.indicators) ? item.indicators.filter(isIndicator) : [];
    return keys.length > 0 ? keys : 'all';
  }
  const key = INDICATOR_OF_EVIDENCE[entry.item.kind];
  return key ? [key] : [];
}

/** The local date of an ISO instant or a timestamp-bearing due time. */
const dateOf = (iso: string | undefined, zone: Zone): LocalDate | undefined =>
  iso === undefined ? undefined : localDate(Date.parse(iso), zone);

/** An entry of the record of changes as a reason, in the KPI sheet's terms. */
function managerChange(entry: AuditEntry, zone: Zone, appealIds: ReadonlySet<string>): ManagerChange {
  const before = asRow(entry.before);
  const after = asRow(entry.after);
  const item = after ?? before;
  const change: ManagerChange = {
    source: 'manager',
    kind: entry.item.kind,
    action: entry.action,
    by: entry.actor,
    on: localDate(Date.parse(entry.at), zone),
  };
  switch (entry.item.kind) {
    case 'complaint':
    case 'success-story':
    case 'follow-up-visit': {
      const date = text(item, 'date');
      if (date) change.date = date;
      const label = text(item, 'title') ?? text(item, 'projectId');
      if (label) change.label = label;
      break;
    }
    case 'support-request': {
      const due = dateOf(text(item, 'dueAt'), zone);
      if (due) change.date = due;
      const customer = text(item, 'customer');
      if (customer) change.label = customer;
      break;
    }
    case 'exam-score':
      change.from = number(before, 'score') ?? null;
      change.to = number(after, 'score') ?? null;
      break;
    case 'verdict':
      change.from = text(before, 'verdict') ?? null;
      change.to = text(after, 'verdict') ?? null;
      break;
    case 'override': {
      change.from = number(before, 'points') ?? null;
      change.to = number(after, 'points') ?? null;
      let reason = entry.reason ?? text(after, 'reason');
      // An override made to answer an appeal names it: as the override's `appealId`, or in its reason.
      const answered =
        text(after, 'appealId') ?? (reason ? [...appealIds].find((id) => reason!.includes(id)) : undefined);
      if (answered) {
        change.appealId = answered;
        // "appeal <id>: why" — the appeal is said once, as the one the change answers.
        if (reason?.startsWith(`appeal ${answered}: `)) reason = reason.slice(`appeal ${answered}: `.length);
      }
      if (reason) change.reason = reason;
      break;
    }
    case 'appeal': {
      change.appealId = entry.item.id;
      const reason = entry.reason ?? text(after, 'outcomeReason');
      if (reason) change.reason = reason;
      const opened = dateOf(text(item, 'filedAt') ?? text(item, 'createdAt'), zone);
      if (opened) change.date = opened;
      break;
    }
    default:
      break;
  }
  return change;
}

/** Kinds whose entries are about the outcome of a dispute, not evidence: only their outcomes are reasons. */
const APPEAL_OUTCOMES: ReadonlySet<AuditAction> = new Set(['appeal-upheld', 'appeal-rejected']);

/** What the two cards' own figures say changed that no manager made, for one indicator. */
function ownEvidence(
  previous: IndicatorResult,
  current: IndicatorResult,
  visitsByManager: ReadonlySet<string>,
) {
  const reasons: ChangeReason[] = [];
  if (previous.key === 'satisfaction' && current.key === 'satisfaction') {
    const added = current.measured.responses - previous.measured.responses;
    if (added > 0)
      reasons.push({ source: 'survey', newResponses: added, responses: current.measured.responses });
  }
  if (previous.key === 'dailyReport' && current.key === 'dailyReport') {
    const before = {
      late: new Set(previous.measured.lateDays),
      missed: new Set(previous.measured.missedDays),
    };
    const filedLate = current.measured.lateDays.filter((d) => !before.late.has(d));
    const late = new Set(current.measured.lateDays);
    const missedNow = new Set(current.measured.missedDays);
    const filed = previous.measured.missedDays.filter((d) => !missedNow.has(d) && !late.has(d));
    const missed = current.measured.missedDays.filter((d) => !before.missed.has(d) && !late.has(d));
    if (filedLate.length + filed.length + missed.length > 0) {
      reasons.push({ source: 'daily-reports', filedLate, filed, missed });
    }
  }
  if (previous.key === 'followUp' && current.key === 'followUp') {
    const visited: FollowUpReportsChange['visited'] = [];
    for (const project of current.measured.projects) {
      const earlier = previous.measured.projects.find((p) => p.projectId === project.projectId);
      const stillMissed = new Set(project.missedWeeks);
      for (const week of earlier?.missedWeeks ?? []) {
        if (!stillMissed.has(week) && !visitsByManager.has(`${project.projectId}|${week}`)) {
          visited.push({ project: project.name ?? project.projectId, week });
        }
      }
    }
    if (visited.length > 0) reasons.push({ source: 'follow-up-reports', visited });
  }
  return reasons;
}

/** What the card says of a change the record of changes has no entry for (made before it existed). */
function fromTheCard(
  previous: IndicatorResult,
  current: IndicatorResult,
  recorded: ReadonlySet<AuditItemKind>,
  zone: Zone,
): ManagerChange[] {
  const reasons: ManagerChange[] = [];
  const [was, now] = [previous.override, current.override];
  if (!recorded.has('override') && (was?.points !== now?.points || was?.reason !== now?.reason)) {
    const on = dateOf(now?.at, zone);
    reasons.push({
      source: 'manager',
      kind: 'override',
      action: now ? (was ? 'updated' : 'created') : 'removed',
      ...(now ? { by: now.by, reason: now.reason, to: now.points } : { to: null }),
      ...(on ? { on } : {}),
      from: was?.points ?? null,
    });
  }
  if (previous.key === 'learning' && current.key === 'learning' && !recorded.has('exam-score')) {
    const [from, to] = [previous.measured.trainingScore, current.measured.trainingScore];
    if (from !== to) reasons.push({ source: 'manager', kind: 'exam-score', action: 'updated', from, to });
  }
  if (previous.key === 'dailyReport' && current.key === 'dailyReport' && !recorded.has('verdict')) {
    const [from, to] = [previous.measured.verdict, current.measured.verdict];
    if (from !== to) reasons.push({ source: 'manager', kind: 'verdict', action: 'updated', from, to });
  }
  return reasons;
}

/**
 * JSON with object keys sorted and undefined dropped, to tell whether two values say the same thing (an
 * indicator's result moved at all; a stored card, whose map keys DynamoDB returns in any order, changed).
 */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_k, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(
          Object.entries(v as Row)
            .filter(([, x]) => x !== undefined)
            .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)),
        )
      : v,
  );
}

/**
 * What changed from `previous` (revision `previousRevision`) to `current`.
 * 1. The indicators whose result differs — points, or only what was counted (a new survey response that left
 *    the band as it was still re-sends the report, so it says why).
 * 2. For each, the entries of `changes` (the record of changes since the previous revision) that are evidence
 *    for it, an override of it, or an appeal outcome that disputes it, oldest first.
 * 3. Then what the cards' own figures say no manager made (survey responses, daily reports), and what the card
 *    says of an override or exam score the record has no entry for; nothing at all → `unexplained`.
 * `history` is the engineer-month's whole record, so an override can name the appeal it answers.
 */
export function revisionChanges(input: {
  previous: ScoreCard;
  previousRevision: number;
  current: ScoreCard;
  changes: readonly AuditEntry[];
  history?: readonly AuditEntry[];
  zone: Zone;
}): RevisionChanges {
  const { previous, current, zone } = input;
  const appealIds = new Set(
    [...(input.history ?? []), ...input.changes]
      .filter((e) => e.item.kind === 'appeal')
      .map((e) => e.item.id),
  );
  const entries = [...input.changes]
    .filter((e) => e.item.kind !== 'appeal' || APPEAL_OUTCOMES.has(e.action))
    .sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0));
  const indicators: IndicatorChange[] = [];
  for (const now of current.indicators) {
    const was = previous.indicators.find((i) => i.key === now.key);
    if (!was || canonicalJson(was) === canonicalJson(now)) continue;
    const relevant = entries.filter((e) => {
      const keys = indicatorsOf(e);
      return keys === 'all' || keys.includes(now.key);
    });
    const visitsByManager = new Set(
      relevant.flatMap((e) => {
        const visit = asRow(e.after);
        const [project, date] = [text(visit, 'projectId'), text(visit, 'date')];
        return e.item.kind === 'follow-up-visit' && project && date ? [`${project}|${isoWeekOf(date)}`] : [];
      }),
    );
    const reasons: ChangeReason[] = [
      ...relevant.map((e) => managerChange(e, zone, appealIds)),
      ...fromTheCard(was, now, new Set(relevant.map((e) => e.item.kind)), zone),
      ...ownEvidence(was, now, visitsByManager),
    ];
    indicators.push({
      indicator: now.key,
      from: was.points,
      to: now.points,
      reasons: reasons.length > 0 ? reasons : [{ source: 'unexplained' }],
    });
  }
  return { previousRevision: input.previousRevision, previousTotal: previous.total, indicators };
}
