// The team summary of a month's run: once every dispatched engineer is done or parked, the department manager
// gets the ranked table exactly once per set of revisions (a re-run that changed nothing sends nothing).
import { createHash } from 'node:crypto';
import { renderTeamSummary } from '../mail/teamSummary.ts';
import { deliverOnce } from '../outbox/outbox.ts';
import { listAppealsOfMonth } from '../storage/appeals.ts';
import { listEngineers } from '../storage/engineers.ts';
import { ENTITY, keys } from '../storage/keys.ts';
import { getOrganisationSettings } from '../storage/organisation.ts';
import { listRespondents } from '../storage/respondents.ts';
import {
  findRunDispatch,
  findSummaryShown,
  listRunOutcomes,
  type RegionTotals,
  type RunOutcome,
  recordSummaryShown,
  type SummaryShown,
} from '../storage/runs.ts';
import { latestScoreCards } from '../storage/scoreCards.ts';
import { listAnsweredInvitations, listInvitationsOfMonth } from '../storage/survey.ts';
import type { PipelineContext } from './context.ts';

/**
 * `sent`: this call sent the summary; `already`: this set of revisions was summarised before; `pending`: some
 * engineers are not finished; `no-email`: the run emails nothing; `superseded`: a newer run of the month exists;
 * `held`: some engineer's report is in doubt, so the summary is not sent (it would not be the whole truth);
 * `in-doubt`: the summary's own send is in doubt (nobody can say whether SES took it).
 */
export type SummaryOutcome = 'sent' | 'already' | 'pending' | 'no-email' | 'superseded' | 'held' | 'in-doubt';

/** Names the set of revisions (and parked engineers) a summary reports, so each set is summarised once. */
function summaryDigest(outcomes: readonly RunOutcome[]): string {
  const lines = outcomes
    .map((o) => (o.status === 'done' ? `${o.engineerId}:r${o.revision}` : `${o.engineerId}:parked`))
    .sort();
  return createHash('sha256').update(lines.join('\n')).digest('hex').slice(0, 32);
}

/**
 * Sends the month's team summary when run `runId` is complete.
 * 1. Finished only when every dispatched engineer's outcome is counted (the count the caller just read, else
 *    the run item).
 * 2. Read the outcomes; any report in doubt holds the summary (`held`: the run that resolves it sends it).
 * 3. Deliver that digest's summary once through the outbox: read the latest cards of the done engineers, the
 *    unanswered invitations and the settings; render it (ranked; parked engineers named with why) and send it
 *    to the department manager. A failed send gives the claim back and rethrows, so the worker's retry sends it.
 */
export async function completeRunIfDone(
  ctx: PipelineContext,
  month: string,
  runId: string,
  counted?: { finished: number; dispatched: number; email: boolean },
): Promise<SummaryOutcome> {
  // The count just read back when the outcome was recorded saves reading the run again.
  if (counted && counted.finished < counted.dispatched) return 'pending';
  const run = await findRunDispatch(ctx.storage, month);
  if (!run || run.runId !== runId) return 'superseded';
  const dispatched = new Set(run.engineerIds);
  if ([...dispatched].some((id) => !run.finishedIds?.has(id))) return 'pending';
  if (!run.email) return 'no-email';
  const outcomes = (await listRunOutcomes(ctx.storage, month, runId)).filter((o) =>
    dispatched.has(o.engineerId),
  );
  if (outcomes.length < dispatched.size) return 'pending';
  // The manager is never told a set is complete while a report of it may not have reached its engineer.
  if (outcomes.some((o) => o.status === 'in-doubt')) return 'held';

  const digest = summaryDigest(outcomes);
  // A final run sends the one "final" summary of its finalisation, whatever set of revisions it ends with.
  const final = run.final;
  // What this summary shows, recorded once it is sent: the next summary lists who changed since.
  let shows: { summary: SummaryShown; regions: RegionTotals } | undefined;
  const delivery = await deliverOnce(ctx, {
    key: final ? keys.finalSummarySent(month, final) : keys.runSummarySent(month, digest),
    type: final ? ENTITY.finalSummary : ENTITY.runSummary,
    label: final ? `final team summary ${month}` : `team summary ${month} (${digest.slice(0, 8)})`,
    render: async () => {
      const done = outcomes.filter((o) => o.status === 'done');
      const [settings, cards, invitations, answered, respondents, shown, appeals, engineers] =
        await Promise.all([
          getOrganisationSettings(ctx.storage),
          latestScoreCards(
            ctx.storage,
            done.map((o) => ({ engineerId: o.engineerId, month })),
          ),
          listInvitationsOfMonth(ctx.storage, month),
          listAnsweredInvitations(ctx.storage, month),
          listRespondents(ctx.storage),
          findSummaryShown(ctx.storage, month),
          listAppealsOfMonth(ctx.storage, month),
          listEngineers(ctx.storage),
        ]);
      const answeredIds = new Set(answered.map((a) => a.invitationId));
      const names = new Map(outcomes.map((o) => [o.engineerId, o.engineerName]));
      const respondentNames = new Map(respondents.map((r) => [r.id, r.name]));
      shows = {
        summary: {
          month,
          engineers: Object.fromEntries(
            cards.map((c) => [c.engineerId, { revision: c.revision, total: c.card.total }]),
          ),
          sentAt: ctx.now().toISOString(),
        },
        regions: regionTotals(cards, new Map(engineers.map((e) => [e.id, e.region]))),
      };
      const email = await renderTeamSummary(
        {
          month,
          final: final !== undefined,
          recipient: {
            name: settings.departmentManager.name,
            email: settings.departmentManager.email,
            language: settings.defaultLanguage,
          },
          rubric: ctx.rubric,
          engineers: cards.map((c) => ({
            id: c.engineerId,
            name: names.get(c.engineerId) ?? c.engineerId,
            scoreCard: c.card,
          })),
          unansweredInvitations: invitations
            .filter((i) => dispatched.has(i.engineerId) && !answeredIds.has(i.id))
            .map((i) => ({
              respondentName: respondentNames.get(i.respondentId) ?? i.respondentId,
              engineerName: names.get(i.engineerId) ?? i.engineerId,
            })),
          parkedFailures: outcomes
            .filter((o) => o.status === 'parked')
            .map((o) => ({ engineerId: o.engineerId, engineerName: o.engineerName, reason: o.reason ?? '' })),
          appeals: appeals.map((a) => ({
            engineerName: names.get(a.engineerId) ?? a.engineerId,
            status: a.status,
            indicators: a.indicators,
          })),
          ...(shown ? { changedSinceLast: changedSince(shown, cards, names) } : {}),
        },
        ctx.mail,
      );
      return email;
    },
  });
  if (delivery.state === 'sent' && shows) await recordSummaryShown(ctx.storage, shows.summary, shows.regions);
  return delivery.state === 'sent' ? 'sent' : delivery.state === 'already' ? 'already' : 'in-doubt';
}

/**
 * The totals shown, summed per region the engineer is in as the summary is sent (an engineer no longer on the
 * roster under ''), so the console's trend reads one small map per month, not every engineer's total.
 */
export function regionTotals(
  cards: ReadonlyArray<{ engineerId: string; card: { total: number } }>,
  regionOf: ReadonlyMap<string, string>,
): RegionTotals {
  const totals: RegionTotals = {};
  for (const c of cards) {
    const region = regionOf.get(c.engineerId) ?? '';
    const sum = totals[region] ?? { sum: 0, count: 0 };
    totals[region] = { sum: sum.sum + c.card.total, count: sum.count + 1 };
  }
  return totals;
}

/** The engineers whose card moved since the last summary: the total it showed → the total now. */
function changedSince(
  shown: SummaryShown,
  cards: ReadonlyArray<{ engineerId: string; revision: number; card: { total: number } }>,
  names: ReadonlyMap<string, string>,
) {
  return cards.flatMap((c) => {
    const before = shown.engineers[c.engineerId];
    return before && before.revision !== c.revision
      ? [
          {
            engineerId: c.engineerId,
            engineerName: names.get(c.engineerId) ?? c.engineerId,
            fromTotal: before.total,
            toTotal: c.card.total,
            revision: c.revision,
          },
        ]
      : [];
  });
}
