// The monthly scoring of one engineer-month (what the scoring worker does per queue message): assemble the facts
// from the table, run the engine, store the card as a new revision only when it changed, email the report once
// per revision, record the engineer's outcome in the month's run, and let the last one send the team summary.
import * as z from 'zod';
import { entityId, monthId } from '../domain/common.ts';
import type { Engineer } from '../domain/engineer.ts';
import { canonicalJson, type RevisionChanges, revisionChanges } from '../domain/revision.ts';
import type { ScoreCardRecord } from '../domain/scoreCardRecord.ts';
import { monthsEndingWith } from '../domain/values.ts';
import { reasonOf } from '../errors.ts';
import { appealLink } from '../links/links.ts';
import { renderEngineerReport } from '../mail/engineerReport.ts';
import { type Delivery, deliverOnce } from '../outbox/outbox.ts';
import { scoreEngineerMonth } from '../scoring/engine.ts';
import type { ScoreCard } from '../scoring/scoreCard.ts';
import { assembleScoringInput } from '../storage/assemble.ts';
import { listAuditOfEngineerMonth } from '../storage/audit.ts';
import { getEngineer } from '../storage/engineers.ts';
import { ENTITY, keys } from '../storage/keys.ts';
import { findMonthRecord } from '../storage/months.ts';
import { organisationTimezone } from '../storage/organisation.ts';
import { recordRunOutcome } from '../storage/runs.ts';
import { findEngineerWithCards, storeScoreCardRevision } from '../storage/scoreCards.ts';
import type { PipelineContext } from './context.ts';
import { completeRunIfDone, type SummaryOutcome } from './summary.ts';

/** Whether two cards say the same thing (same points, counts, flags, explanations). */
function sameCard(a: ScoreCard, b: ScoreCard): boolean {
  return canonicalJson(a) === canonicalJson(b);
}

/** One queue message: score this engineer's month as part of run `runId`. */
export const scoringMessageSchema = z.strictObject({
  month: monthId,
  engineerId: entityId,
  runId: z.string().min(1).max(100),
  /** false: store the cards but email nothing (no report, no summary). */
  email: z.boolean().default(true),
});
export type ScoringMessage = z.output<typeof scoringMessageSchema>;

interface EngineerMonthResult {
  engineerId: string;
  engineerName: string;
  /** The card differs from the stored one (or none was stored): a new revision was (or, dry, would be) stored. */
  changed: boolean;
  /** The card's revision after this run (dry run: the revision it would get). */
  revision: number;
  /** The report of this revision went out in this call. */
  emailed: boolean;
  /** Why nobody can say whether SES took this revision's report (a crash mid-send): not done, not retried. */
  inDoubt?: string;
  card: ScoreCard;
}

/**
 * Scores one engineer-month and reports it.
 * 1. Read the engineer, assemble the month's facts and read the latest stored card, at once.
 * 2. Run the engine.
 * 3. Store the card as the next revision, only when it differs from the latest (revision and pointer in one
 *    transaction; a concurrent run's write is a ConflictError, retried by the queue), with what changed since
 *    the latest and why (its record of changes since then), which the revised report lists.
 * 4. Unless `email` is off: deliver the report of that revision once through the outbox (manager in copy,
 *    marked revised after the first revision); a send left in doubt is reported as such, never as done.
 * With `dryRun` nothing is stored or sent.
 */
export async function scoreAndReport(
  ctx: PipelineContext,
  request: { month: string; engineerId: string; email: boolean; dryRun?: boolean },
): Promise<EngineerMonthResult> {
  const { month, engineerId } = request;
  const [input, { engineer, latest, history }] = await Promise.all([
    assembleScoringInput(ctx.storage, engineerId, month, ctx.rubric),
    readEngineerCards(ctx, engineerId, month),
  ]);
  const card = scoreEngineerMonth(input, ctx.rubric);
  const changed = !latest || !sameCard(latest.card, card);
  const base = { engineerId, engineerName: engineer.name, changed, card };
  if (request.dryRun) {
    return { ...base, revision: changed ? (latest?.revision ?? 0) + 1 : latest!.revision, emailed: false };
  }
  const now = ctx.now();
  const record = changed
    ? await storeScoreCardRevision(
        ctx.storage,
        card,
        latest?.revision ?? 0,
        now,
        latest ? await changesSince(ctx, latest, card, now) : undefined,
      )
    : latest!;
  const delivery = request.email ? await emailReport(ctx, engineer, record, history) : undefined;
  return {
    ...base,
    revision: record.revision,
    emailed: delivery?.state === 'sent',
    ...(delivery?.state === 'in-doubt' ? { inDoubt: delivery.reason } : {}),
  };
}

/**
 * What changed from the stored revision `latest` to `card`: the engineer-month's record of changes read once,
 * its entries after `latest` was stored (and up to now) as the why.
 */
async function changesSince(
  ctx: PipelineContext,
  latest: ScoreCardRecord,
  card: ScoreCard,
  now: Date,
): Promise<RevisionChanges> {
  const [history, zone] = await Promise.all([
    listAuditOfEngineerMonth(ctx.storage, latest.engineerId, latest.month),
    organisationTimezone(ctx.storage),
  ]);
  const until = now.toISOString();
  return revisionChanges({
    previous: latest.card,
    previousRevision: latest.revision,
    current: card,
    changes: history.filter((e) => e.at > latest.createdAt && e.at <= until),
    history,
    zone,
  });
}

/**
 * The engineer's profile, the month's latest card and the five months before it (the report's chart), in one
 * strongly consistent BatchGet.
 */
async function readEngineerCards(
  ctx: PipelineContext,
  engineerId: string,
  month: string,
): Promise<{ engineer: Engineer; latest: ScoreCardRecord | undefined; history: ScoreCardRecord[] }> {
  const { engineer, cards } = await findEngineerWithCards(
    ctx.storage,
    engineerId,
    monthsEndingWith(month, 6),
  );
  return {
    engineer,
    latest: cards.find((c) => c.month === month),
    history: cards.filter((c) => c.month !== month),
  };
}

/** Delivers the report of `record` once (the outbox): sent now, sent before, or in doubt. */
async function emailReport(
  ctx: PipelineContext,
  engineer: Engineer,
  record: ScoreCardRecord,
  history: readonly ScoreCardRecord[],
): Promise<Delivery> {
  return deliverOnce(ctx, {
    key: keys.scoreCardEmailed(record.engineerId, record.month, record.revision),
    type: ENTITY.scoreCardEmailed,
    label: `report of ${record.engineerId} ${record.month} r${record.revision}`,
    render: async () =>
      renderEngineerReport(
        {
          appealUrl: await appealUrlOf(ctx, engineer, record),
          engineer: {
            name: engineer.name,
            email: engineer.email,
            language: engineer.language,
            managerEmail: engineer.managerEmail,
          },
          scoreCard: record.card,
          rubric: ctx.rubric,
          history: [
            ...history.map((h) => ({ month: h.month, total: h.card.total })),
            { month: record.month, total: record.card.total },
          ],
          revised: record.revision > 1,
          revision: record.revision,
          ...(record.changes ? { changes: record.changes } : {}),
        },
        ctx.mail,
      ),
  });
}

/**
 * The appeal link a provisional report carries while the month's appeals are open (its record provisional and
 * before the appeal deadline, which the link expires at); none otherwise.
 */
async function appealUrlOf(
  ctx: PipelineContext,
  engineer: Engineer,
  record: ScoreCardRecord,
): Promise<string | undefined> {
  const month = await findMonthRecord(ctx.storage, record.month);
  if (month?.state !== 'provisional' || !month.appealDeadline) return undefined;
  const deadline = new Date(month.appealDeadline);
  if (ctx.now().getTime() >= deadline.getTime()) return undefined;
  const subject = { engineerId: engineer.id, month: record.month, cardRevision: record.revision };
  return (await appealLink(subject, engineer, deadline, ctx.publicBaseUrl)).url;
}

export interface MessageOutcome {
  result?: EngineerMonthResult;
  /** What the completion check did after this engineer's outcome was recorded. */
  summary: SummaryOutcome;
}

/**
 * What the scoring worker does with one message (on AWS and in-process alike).
 * 1. Score and report the engineer-month.
 * 2. On success record the engineer as done in the run (in doubt when nobody can say whether SES took the
 *    report: not retried, as only evidence resolves it); on a failure of the last attempt, record them as
 *    parked (with why) and rethrow, so the queue parks the message.
 * 3. Check whether every dispatched engineer is done or parked; the one that completes the set sends the
 *    team summary (once per set of revisions).
 */
export async function processScoringMessage(
  ctx: PipelineContext,
  message: ScoringMessage,
  attempt: { final: boolean },
): Promise<MessageOutcome> {
  let result: EngineerMonthResult;
  try {
    result = await scoreAndReport(ctx, message);
  } catch (error) {
    if (attempt.final) {
      const name = await getEngineer(ctx.storage, message.engineerId).then(
        (e) => e.name,
        () => message.engineerId,
      );
      const recorded = await recordRunOutcome(ctx.storage, {
        runId: message.runId,
        month: message.month,
        engineerId: message.engineerId,
        engineerName: name,
        status: 'parked',
        reason: reasonOf(error),
        at: ctx.now().toISOString(),
      });
      const summary =
        recorded.state === 'superseded'
          ? 'superseded'
          : await completeRunIfDone(ctx, message.month, message.runId, recorded);
      throw new ParkedError(reasonOf(error), summary, { cause: error });
    }
    throw error;
  }
  const recorded = await recordRunOutcome(ctx.storage, {
    runId: message.runId,
    month: message.month,
    engineerId: message.engineerId,
    engineerName: result.engineerName,
    ...(result.inDoubt
      ? { status: 'in-doubt' as const, reason: result.inDoubt }
      : { status: 'done' as const }),
    revision: result.revision,
    at: ctx.now().toISOString(),
  });
  if (recorded.state === 'superseded') return { result, summary: 'superseded' };
  try {
    // A redelivered message checks too: the summary may be what failed the first time.
    return { result, summary: await completeRunIfDone(ctx, message.month, message.runId, recorded) };
  } catch (error) {
    throw new SummaryNotSentError(result, { cause: error });
  }
}

/** The engineer's part succeeded (`result`), the team summary's send failed: the message is tried again. */
export class SummaryNotSentError extends Error {
  constructor(
    readonly result: EngineerMonthResult,
    options: ErrorOptions,
  ) {
    super(`the team summary was not sent: ${reasonOf(options.cause)}`, options);
    this.name = 'SummaryNotSentError';
  }
}

/** The last attempt failed: the engineer is recorded as parked (the queue parks the message). */
export class ParkedError extends Error {
  constructor(
    reason: string,
    /** What the completion check did after the parked outcome was recorded. */
    readonly summary: SummaryOutcome,
    options?: ErrorOptions,
  ) {
    super(reason, options);
    this.name = 'ParkedError';
  }
}
