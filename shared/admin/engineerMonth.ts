// Use cases: one engineer-month as a manager looks at it (console.md "What it shows and does" 2) — the card with
// every piece of evidence behind it, its revisions and what changed between them, the record of changes — and
// a proposed change to it: previewed (the card as it would be, scored by the engine from the stored facts plus
// the change, nothing written), then saved through the same use case the admin API calls.
import type { AuditEntry } from '../domain/audit.ts';
import { entityId, monthId } from '../domain/common.ts';
import type { Complaint, SuccessStory, SupportRequest } from '../domain/facts.ts';
import {
  complaintDecision,
  complaintInput,
  examScoreInput,
  overrideKey,
  successStoryInput,
  supportRequestInput,
  supportRequestResolution,
  verdictInput,
} from '../domain/facts.ts';
import { type MonthLifecycle, monthLifecycle } from '../domain/monthRecord.ts';
import { monthTimeline } from '../domain/monthTimeline.ts';
import type { RevisionChanges } from '../domain/revision.ts';
import type { ScoreCardRecord } from '../domain/scoreCardRecord.ts';
import { localDate } from '../domain/values.ts';
import { NotFoundError, ValidationError } from '../errors.ts';
import { defaultRubric } from '../rubric/default.ts';
import * as z from '../schema.ts';
import { engineerWorkdays, type MonthFrame } from '../scoring/calendar.ts';
import { scoreEngineerMonth } from '../scoring/engine.ts';
import type { ScoreCard } from '../scoring/scoreCard.ts';
import { type EngineerMonthFacts, readEngineerMonthFacts, scoringInputOf } from '../storage/assemble.ts';
import { listAuditOfEngineerMonth } from '../storage/audit.ts';
import { findComplaint, findSuccessStory, findSupportRequest } from '../storage/facts.ts';
import { findMonthRecord, monthFinalError } from '../storage/months.ts';
import { findRespondent } from '../storage/respondents.ts';
import { listScoreCardRevisions } from '../storage/scoreCards.ts';
import { type AdminContext, parseInput } from './context.ts';
import {
  addComplaint,
  addSuccessStory,
  addSupportRequest,
  confirmComplaint,
  dismissComplaint,
  parseOverride,
  removeOverride,
  removeSuccessStory,
  resolveSupportRequest,
  setExamScore,
  setOverride,
  setVerdict,
} from './facts.ts';
import { engineerMonthInput } from './months.ts';

/** A day of the daily-report calendar: filed on time, filed late, missed, still open, or not a workday. */
export type ReportDay = { date: string; status: 'filed' | 'late' | 'missed' | 'open' | 'off' };

export interface SurveyEvidence {
  respondentId: string;
  respondentName: string | null;
  ratings: Record<string, number>;
  comment: string;
  submittedAt: string;
  /** Edits of the answer: the latest counts. */
  revision: number;
}

/**
 * A stored revision of the card, with what changed since the one before it: the changes stored with the revision
 * (issue 10: each indicator's points and why), else — a revision stored before changes were recorded — each
 * indicator whose points moved, without a why. The first revision has nothing to compare.
 */
export interface CardRevisionSummary {
  revision: number;
  createdAt: string;
  total: number;
  changes: RevisionChanges | null;
}

export interface EngineerMonth {
  engineer: { id: string; name: string; region: string };
  month: string;
  lifecycle: MonthLifecycle;
  /** The latest stored card; null when the month has not been scored for them yet. */
  stored: { revision: number; createdAt: string; card: ScoreCard } | null;
  /** The card the stored facts give now (the preview's starting point; differs from `stored` until re-run). */
  current: ScoreCard;
  evidence: {
    supportRequests: SupportRequest[];
    surveyResponses: SurveyEvidence[];
    complaints: Complaint[];
    successStories: SuccessStory[];
    examScore: EngineerMonthFacts['examScore'];
    verdict: EngineerMonthFacts['verdict'];
    overrides: EngineerMonthFacts['overrides'];
    dailyReports: ReportDay[];
  };
  revisions: CardRevisionSummary[];
  audit: AuditEntry[];
}

function revisionSummaries(revisions: readonly ScoreCardRecord[]): CardRevisionSummary[] {
  return revisions.map((r, i) => {
    const before = revisions[i - 1];
    const base = { revision: r.revision, createdAt: r.createdAt, total: r.card.total };
    if (r.changes) return { ...base, changes: r.changes };
    if (!before) return { ...base, changes: null };
    const indicators = r.card.indicators.flatMap((now) => {
      const was = before.card.indicators.find((b) => b.key === now.key)?.points ?? 0;
      return was === now.points ? [] : [{ indicator: now.key, from: was, to: now.points, reasons: [] }];
    });
    return {
      ...base,
      changes: { previousRevision: before.revision, previousTotal: before.card.total, indicators },
    };
  });
}

function reportCalendar(facts: EngineerMonthFacts, frame: MonthFrame, now: Date): ReportDay[] {
  const workday = engineerWorkdays(frame, facts.engineer);
  const submitted = new Map(facts.dailyReports.map((r) => [r.date, Date.parse(r.submittedAt)]));
  const days: ReportDay[] = [];
  for (let i = frame.monthFirstDay; i <= frame.monthLastDay; i++) {
    const date = frame.dates[i]!;
    const deadline = frame.deadlineMs[i]!;
    const at = submitted.get(date);
    if (!workday[i]) days.push({ date, status: 'off' });
    else if (at !== undefined) days.push({ date, status: at <= deadline ? 'filed' : 'late' });
    else days.push({ date, status: now.getTime() > deadline ? 'missed' : 'open' });
  }
  return days;
}

/**
 * An engineer-month with its evidence, revisions and record of changes.
 * 1. Parse. 2. Read the stored facts (NotFoundError for an unknown engineer or a month outside their employment),
 * the card's revisions, the record of changes and the month's record, at once. 3. Score the facts as they are
 * now (pure). 4. Name the survey's respondents; lay out the daily-report calendar.
 */
export async function engineerMonth(ctx: AdminContext, input: unknown): Promise<EngineerMonth> {
  const { engineerId, month } = parseInput(engineerMonthInput, input);
  const facts = await readEngineerMonthFacts(ctx.storage, engineerId, month);
  const settings = facts.settings;
  if (!settings) throw new NotFoundError('the organisation has not been set up (no settings stored)');
  const [revisions, audit, respondents, record] = await Promise.all([
    listScoreCardRevisions(ctx.storage, engineerId, month),
    // The record's own read (listAudit would read the engineer and the zone again: the facts have both).
    listAuditOfEngineerMonth(ctx.storage, engineerId, month),
    Promise.all(facts.surveyResponses.map((r) => findRespondent(ctx.storage, r.respondentId))),
    findMonthRecord(ctx.storage, month),
  ]);
  const timeline = monthTimeline(month, settings, defaultRubric.dailyReportDeadline);
  const lifecycle = monthLifecycle(timeline, record, revisions.length > 0, settings, ctx.now());
  const zone = lifecycle.timezone;
  const inMonth = (date: string) => date.startsWith(month);
  const latest = revisions.at(-1);
  return {
    engineer: { id: facts.engineer.id, name: facts.engineer.name, region: facts.engineer.region },
    month,
    lifecycle,
    stored: latest ? { revision: latest.revision, createdAt: latest.createdAt, card: latest.card } : null,
    current: scoreEngineerMonth(scoringInputOf(facts), defaultRubric),
    evidence: {
      // The requests due in the month (local time); the read's margin days belong to the neighbouring months.
      supportRequests: facts.supportRequests
        .filter((r) => inMonth(localDate(Date.parse(r.dueAt), zone)))
        .sort((a, b) => a.dueAt.localeCompare(b.dueAt)),
      surveyResponses: facts.surveyResponses.map((r, i) => ({
        respondentId: r.respondentId,
        respondentName: respondents[i]?.name ?? null,
        ratings: r.ratings,
        comment: r.comment,
        submittedAt: r.submittedAt,
        revision: r.revision,
      })),
      complaints: facts.complaints.filter((c) => inMonth(c.date)),
      successStories: facts.successStories.filter((s) => inMonth(s.date)),
      examScore: facts.examScore,
      verdict: facts.verdict,
      overrides: facts.overrides,
      dailyReports: reportCalendar(facts, timeline.frame, ctx.now()),
    },
    revisions: revisionSummaries(revisions),
    audit,
  };
}

// ── proposed changes ──────────────────────────────────────────────────────────────────────────────────────────

/** The changes a manager makes to an engineer-month, each saved by the admin API's own use case. */
export const ENGINEER_MONTH_CHANGES = [
  'exam-score',
  'add-story',
  'remove-story',
  'verdict',
  'add-complaint',
  'confirm-complaint',
  'dismiss-complaint',
  'add-request',
  'resolve-request',
  'override',
  'remove-override',
] as const;
export type EngineerMonthChange = (typeof ENGINEER_MONTH_CHANGES)[number];

export const changeInput = z.strictObject({
  engineerId: entityId,
  month: monthId,
  kind: z.enum(ENGINEER_MONTH_CHANGES, { error: `expected one of ${ENGINEER_MONTH_CHANGES.join(', ')}` }),
  /** The change's own fields, as its use case takes them (engineerId and month are the page's). */
  fields: z.record(z.string(), z.unknown()),
});
export type ChangeInput = z.output<typeof changeInput>;

interface ChangeRule {
  /** Which fields of the page the change's input takes. */
  scope: 'engineer-month' | 'engineer' | 'none';
  /** The facts with the change applied (pure; throws what the save would: a bad field, an unknown id). */
  apply(facts: EngineerMonthFacts, fields: Record<string, unknown>, ctx: AdminContext): void;
  save(ctx: AdminContext, input: unknown): Promise<unknown>;
}

function findIn<T extends { id: string }>(list: T[], id: string, what: string, month: string): T {
  const found = list.find((x) => x.id === id);
  if (!found) throw new NotFoundError(`no ${what} with id ${id} in this engineer's ${month}`);
  return found;
}

const RULES: Record<EngineerMonthChange, ChangeRule> = {
  'exam-score': {
    scope: 'engineer-month',
    apply(facts, fields, ctx) {
      const exam = parseInput(examScoreInput, fields);
      facts.examScore = { ...exam, by: exam.by ?? ctx.actor, at: ctx.now().toISOString() };
    },
    save: setExamScore,
  },
  'add-story': {
    scope: 'engineer',
    apply(facts, fields, ctx) {
      const story = parseInput(successStoryInput, fields);
      facts.successStories.push({ ...story, id: story.id ?? 'preview', createdAt: ctx.now().toISOString() });
    },
    save: addSuccessStory,
  },
  'remove-story': {
    scope: 'none',
    apply(facts, fields) {
      const { id } = parseInput(z.strictObject({ id: entityId }), fields);
      const story = findIn(facts.successStories, id, 'success story', facts.month);
      facts.successStories = facts.successStories.filter((s) => s !== story);
    },
    save: removeSuccessStory,
  },
  verdict: {
    scope: 'engineer-month',
    apply(facts, fields, ctx) {
      const verdict = parseInput(verdictInput, fields);
      facts.verdict = { ...verdict, by: verdict.by ?? ctx.actor, at: ctx.now().toISOString() };
    },
    save: setVerdict,
  },
  'add-complaint': {
    scope: 'engineer',
    apply(facts, fields, ctx) {
      const complaint = parseInput(complaintInput, fields);
      facts.complaints.push({
        ...complaint,
        id: complaint.id ?? 'preview',
        status: 'pending',
        createdAt: ctx.now().toISOString(),
      });
    },
    save: addComplaint,
  },
  'confirm-complaint': decision('confirmed', confirmComplaint),
  'dismiss-complaint': decision('dismissed', dismissComplaint),
  'add-request': {
    scope: 'engineer',
    apply(facts, fields, ctx) {
      const request = parseInput(supportRequestInput, fields);
      const at = ctx.now().toISOString();
      facts.supportRequests.push({ ...request, id: request.id ?? 'preview', createdAt: at, updatedAt: at });
    },
    save: addSupportRequest,
  },
  'resolve-request': {
    scope: 'none',
    apply(facts, fields, ctx) {
      const resolution = parseInput(supportRequestResolution, fields);
      const request = findIn(facts.supportRequests, resolution.id, 'support request', facts.month);
      Object.assign(request, resolution, { updatedAt: ctx.now().toISOString() });
    },
    save: resolveSupportRequest,
  },
  override: {
    scope: 'engineer-month',
    apply(facts, fields, ctx) {
      const override = parseOverride(fields);
      facts.overrides = facts.overrides.filter((o) => o.indicator !== override.indicator);
      facts.overrides.push({ ...override, by: override.by ?? ctx.actor, at: ctx.now().toISOString() });
    },
    save: setOverride,
  },
  'remove-override': {
    scope: 'engineer-month',
    apply(facts, fields) {
      const key = parseInput(overrideKey, fields);
      if (!facts.overrides.some((o) => o.indicator === key.indicator)) {
        throw new NotFoundError(`no override of ${key.indicator} in this engineer's ${facts.month}`);
      }
      facts.overrides = facts.overrides.filter((o) => o.indicator !== key.indicator);
    },
    save: removeOverride,
  },
};

function decision(status: 'confirmed' | 'dismissed', save: ChangeRule['save']): ChangeRule {
  return {
    scope: 'none',
    apply(facts, fields, ctx) {
      const { id, by } = parseInput(complaintDecision, fields);
      const complaint = findIn(facts.complaints, id, 'complaint', facts.month);
      Object.assign(complaint, { status, decidedBy: by ?? ctx.actor, decidedAt: ctx.now().toISOString() });
    },
    save,
  };
}

/**
 * The change's input for its use case: its own fields, with the page's engineer (and month) where it takes them.
 * A dated fact proposed on a month's page must be of that month: a story or complaint dated in another month
 * would change a card the manager is not looking at (and the preview would show no change).
 */
function changeFields(change: ChangeInput): Record<string, unknown> {
  const scope = RULES[change.kind].scope;
  const { engineerId: _e, month: _m, ...own } = change.fields;
  if ((change.kind === 'add-story' || change.kind === 'add-complaint') && typeof own.date === 'string') {
    if (/^\d{4}-\d{2}-\d{2}$/.test(own.date) && !own.date.startsWith(`${change.month}-`)) {
      throw new ValidationError([{ path: 'date', message: `${own.date} is not in ${change.month}` }]);
    }
  }
  if (scope === 'engineer-month') return { ...own, engineerId: change.engineerId, month: change.month };
  if (scope === 'engineer') return { ...own, engineerId: change.engineerId };
  return own;
}

async function refuseFinal(ctx: AdminContext, month: string): Promise<void> {
  const record = await findMonthRecord(ctx.storage, month);
  if (record?.state === 'final') throw await monthFinalError(ctx.storage, month);
}

export interface ChangePreview {
  engineer: { id: string; name: string; region: string };
  month: string;
  kind: EngineerMonthChange;
  /** The change's fields as the save will send them. */
  fields: Record<string, unknown>;
  /** The card the stored facts give now, and with the change. */
  before: ScoreCard;
  after: ScoreCard;
}

/**
 * The card as it would be with a proposed change; writes nothing.
 * 1. Parse. 2. A final month takes no change: MonthFinalError (409), as the save would answer. 3. Read the
 * stored facts. 4. Apply the change to them as its use case would store it (the same input schema: a field the
 * save would refuse is refused here; a complaint, story or request must be this engineer-month's). 5. Score both.
 */
export async function previewChange(ctx: AdminContext, input: unknown): Promise<ChangePreview> {
  const change = parseInput(changeInput, input);
  await refuseFinal(ctx, change.month);
  const fields = changeFields(change);
  const facts = await readEngineerMonthFacts(ctx.storage, change.engineerId, change.month);
  const before = scoreEngineerMonth(scoringInputOf(facts), defaultRubric);
  RULES[change.kind].apply(facts, fields, ctx);
  let after: ScoreCard;
  try {
    after = scoreEngineerMonth(scoringInputOf(facts), defaultRubric);
  } catch (error) {
    // The change is well-formed but the engine cannot take it (e.g. a date outside what the month reads).
    throw new ValidationError([{ path: 'fields', message: (error as Error).message }]);
  }
  const { id, name, region } = facts.engineer;
  return { engineer: { id, name, region }, month: change.month, kind: change.kind, fields, before, after };
}

/**
 * Saves a change to an engineer-month through the admin API's own use case (recorded with ctx.actor, refused
 * for a final month with MonthFinalError, nothing written).
 */
export async function saveChange(ctx: AdminContext, input: unknown): Promise<unknown> {
  const change = parseInput(changeInput, input);
  const fields = changeFields(change);
  await assertOwnItem(ctx, change, fields);
  return RULES[change.kind].save(ctx, fields);
}

/**
 * A change naming a stored item by id (a complaint, story or request) saves only that engineer's, as its preview
 * found it among the engineer-month's facts: a crafted post from one engineer's page changes no one else's.
 */
async function assertOwnItem(
  ctx: AdminContext,
  change: ChangeInput,
  fields: Record<string, unknown>,
): Promise<void> {
  const id = typeof fields.id === 'string' ? fields.id : undefined;
  if (!id) return;
  const find = {
    'confirm-complaint': () => findComplaint(ctx.storage, id),
    'dismiss-complaint': () => findComplaint(ctx.storage, id),
    'remove-story': () => findSuccessStory(ctx.storage, id),
    'resolve-request': () => findSupportRequest(ctx.storage, id),
  } as Partial<Record<EngineerMonthChange, () => Promise<{ engineerId: string } | undefined>>>;
  const item = await find[change.kind]?.();
  if (item && item.engineerId !== change.engineerId) {
    throw new NotFoundError(`no item with id ${id} of ${change.engineerId}`);
  }
}
