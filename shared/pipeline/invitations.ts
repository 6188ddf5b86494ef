// The survey invitations of a month and their one reminder: who is asked about whom (regional sales managers of
// the engineer's region; customer contacts of the customers of the engineer's projects active in the month),
// each invitation created once, emailed with its signed link, and reminded at most once while unanswered.
import type { Engineer } from '../domain/engineer.ts';
import { employedInMonth, surveyClosesAt } from '../domain/monthTimeline.ts';
import type { OrganisationSettings } from '../domain/organisation.ts';
import { activeInMonth } from '../domain/project.ts';
import type { Respondent } from '../domain/respondent.ts';
import { checkSurveyWindow, type Invitation } from '../domain/survey.ts';
import { RetryableError, reasonOf } from '../errors.ts';
import { surveyLink } from '../links/links.ts';
import type { OutgoingEmail } from '../mail/ses.ts';
import { renderSurveyInvitation } from '../mail/surveyInvitation.ts';
import { deliverOnce } from '../outbox/outbox.ts';
import { getEngineer, listEngineers } from '../storage/engineers.ts';
import { ENTITY, keys } from '../storage/keys.ts';
import { getOrganisationSettings } from '../storage/organisation.ts';
import { listProjects } from '../storage/projects.ts';
import { getRespondent, listRespondents } from '../storage/respondents.ts';
import {
  createInvitation,
  getInvitation,
  listAnsweredInvitations,
  listInvitationsOfMonth,
  markInvitationReminded,
  markInvitationSent,
} from '../storage/survey.ts';
import { forEachBounded, type PipelineContext } from './context.ts';
import { engineersOfMonth } from './eligibility.ts';

/** Emails sent at once by the invitation and reminder runs. */
const SEND_CONCURRENCY = 8;

export interface InvitationRunReport {
  month: string;
  /** Respondent × engineer pairs of the month. */
  pairs: number;
  /** Invitations created by this run (the others existed already). */
  created: number;
  /** Invitation emails sent by this run (new ones, and earlier ones whose email had failed). */
  sent: number;
  /** Already sent before, or closed: nothing to do. */
  skipped: number;
  /** Not emailed because the respondent already answered that engineer's survey. */
  answered: number;
  /** Emails that failed; they are sent by the next run. */
  failed: Array<{ invitationId: string; reason: string }>;
  /** Emails nobody can say SES took (a send cut short): a later run resolves each from SES's evidence. */
  inDoubt: Array<{ invitationId: string; reason: string }>;
}

/** Who answers about `engineer` in `month`: the region's sales managers and the customers' contacts. */
function respondentsOf(
  engineer: Engineer,
  customers: ReadonlySet<string>,
  respondents: readonly Respondent[],
): Respondent[] {
  return respondents.filter((r) =>
    r.kind === 'regional-sales-manager'
      ? r.region === engineer.region
      : r.customer !== undefined && customers.has(r.customer),
  );
}

/**
 * Sends the survey invitations of `month`.
 * 1. Read the settings, the active engineers employed in the month, the respondents, the projects and the
 *    month's answered invitations.
 * 2. Pair every engineer with their respondents (region; customers of their projects active in the month).
 * 3. Create each pair's invitation once (a marker written with attribute_not_exists; an existing one is
 *    returned), open until the survey window of the month closes.
 * 4. Deliver every invitation not sent yet and not answered (new ones, and ones whose email failed before) once
 *    through the outbox, with its signed link, and record sentAt. A respondent who already answered that
 *    engineer's survey (through a link given some other way) is never emailed about it. A failed email is
 *    counted and left for the next run; one left in doubt by a crash is named; the others go on.
 */
export async function sendInvitations(
  ctx: PipelineContext,
  request: { month: string; onProgress?: (done: number, total: number) => void },
): Promise<InvitationRunReport> {
  const { month } = request;
  const [settings, engineers, respondents, projects, answered] = await Promise.all([
    getOrganisationSettings(ctx.storage),
    engineersOfMonth(ctx, month),
    listRespondents(ctx.storage),
    listProjects(ctx.storage),
    listAnsweredInvitations(ctx.storage, month),
  ]);
  const answeredIds = new Set(answered.map((a) => a.invitationId));
  const customersOf = new Map<string, Set<string>>();
  for (const p of projects) {
    if (!activeInMonth(p, month)) continue;
    const set = customersOf.get(p.engineerId) ?? new Set<string>();
    set.add(p.customer);
    customersOf.set(p.engineerId, set);
  }
  const pairs = engineers.flatMap((engineer) =>
    respondentsOf(engineer, customersOf.get(engineer.id) ?? new Set(), respondents).map((respondent) => ({
      engineer,
      respondent,
    })),
  );
  const expiresAt = surveyClosesAt(month, settings).toISOString();
  const report: InvitationRunReport = {
    month,
    pairs: pairs.length,
    created: 0,
    sent: 0,
    skipped: 0,
    answered: 0,
    failed: [],
    inDoubt: [],
  };
  let done = 0;
  request.onProgress?.(0, pairs.length);
  await forEachBounded(pairs, SEND_CONCURRENCY, async ({ engineer, respondent }) => {
    const { invitation, created } = await createInvitation(ctx.storage, {
      month,
      respondentId: respondent.id,
      engineerId: engineer.id,
      expiresAt,
      now: ctx.now(),
    });
    if (created) report.created++;
    const alreadyAnswered = !invitation.sentAt && answeredIds.has(invitation.id);
    if (alreadyAnswered) {
      report.answered++;
    } else if (invitation.sentAt || invitation.status === 'closed') {
      report.skipped++;
    } else {
      // Through the outbox, so a run racing this one (the schedule and the command line) does not send it too.
      const outcome = await deliverInvitationEmail(ctx, settings, invitation, engineer, respondent, false);
      if (outcome.state === 'sent') report.sent++;
      else if (outcome.state === 'already') report.skipped++;
      else if (outcome.state === 'in-doubt')
        report.inDoubt.push({ invitationId: invitation.id, reason: outcome.reason });
      else report.failed.push({ invitationId: invitation.id, reason: outcome.reason });
    }
    request.onProgress?.(++done, pairs.length);
  });
  return report;
}

/**
 * An invitation's email (or its reminder) delivered once through the outbox, then recorded on the invitation —
 * also when an earlier run confirmed the email but died before recording it. A failure is the outcome's reason,
 * so one invitation's trouble never stops the others.
 */
async function deliverInvitationEmail(
  ctx: PipelineContext,
  settings: OrganisationSettings,
  invitation: Invitation,
  engineer: Pick<Engineer, 'name'>,
  respondent: Respondent,
  reminder: boolean,
): Promise<
  | { state: 'sent' }
  | { state: 'already' }
  | { state: 'in-doubt'; reason: string }
  | { state: 'failed'; reason: string }
> {
  try {
    const delivery = await deliverOnce(ctx, {
      key: reminder ? keys.invitationReminded(invitation.id) : keys.invitationSent(invitation.id),
      type: reminder ? ENTITY.invitationReminded : ENTITY.invitationSent,
      label: `${reminder ? 'reminder of invitation' : 'invitation'} ${invitation.id}`,
      render: () => renderInvitation(ctx, settings, invitation, engineer, respondent, reminder),
    });
    if (delivery.state === 'in-doubt') return { state: 'in-doubt', reason: delivery.reason };
    const record = reminder ? markInvitationReminded : markInvitationSent;
    await record(ctx.storage, invitation.id, ctx.now());
    return delivery.state === 'sent' ? { state: 'sent' } : { state: 'already' };
  } catch (error) {
    return { state: 'failed', reason: reasonOf(error) };
  }
}

async function renderInvitation(
  ctx: PipelineContext,
  settings: OrganisationSettings,
  invitation: Invitation,
  engineer: Pick<Engineer, 'name'>,
  respondent: Respondent,
  reminder: boolean,
): Promise<OutgoingEmail> {
  const { url } = await surveyLink(invitation, ctx.publicBaseUrl);
  return renderSurveyInvitation(
    {
      respondent: { name: respondent.name, email: respondent.email, language: respondent.language },
      engineer: { name: engineer.name },
      month: invitation.month,
      link: url,
      deadline: invitation.expiresAt,
      timeZone: settings.timezone,
      rubric: ctx.rubric,
      reminder,
    },
    ctx.mail,
  );
}

export interface ReminderRunReport {
  month: string;
  /** Invitations of the month. */
  invitations: number;
  /** Reminders sent by this run. */
  reminded: number;
  /** Answered, reminded before, closed, never sent, past their window, or about an engineer not employed in
   *  the month: no reminder. */
  skipped: number;
  failed: Array<{ invitationId: string; reason: string }>;
  /** Reminders nobody can say SES took (a send cut short): a later run resolves each from SES's evidence. */
  inDoubt: Array<{ invitationId: string; reason: string }>;
}

/**
 * Sends the one reminder of each unanswered invitation of `month`.
 * 1. Read the month's invitations and its responses; keep those unanswered (no response), open, emailed, not
 *    reminded, still in their window, about an engineer employed in the month. An answer landing between this
 *    read and the send still gets the reminder (harmless: the link shows the saved answers).
 * 2. Deliver each reminder once through the outbox (its own claim), with the same link (answers given meanwhile
 *    are kept by the form), then record remindedAt. A failed email gives the claim back, so the next run sends
 *    it; one left in doubt by a crash is named, and resolved by a later run from SES's evidence.
 */
export async function sendReminders(
  ctx: PipelineContext,
  request: { month: string; onProgress?: (done: number, total: number) => void },
): Promise<ReminderRunReport> {
  const { month } = request;
  const now = ctx.now();
  const [settings, invitations, answered, engineers, respondents] = await Promise.all([
    getOrganisationSettings(ctx.storage),
    listInvitationsOfMonth(ctx.storage, month),
    listAnsweredInvitations(ctx.storage, month),
    listEngineers(ctx.storage),
    listRespondents(ctx.storage),
  ]);
  const engineerById = new Map(engineers.map((e) => [e.id, e]));
  const respondentById = new Map(respondents.map((r) => [r.id, r]));
  const answeredIds = new Set(answered.map((a) => a.invitationId));
  const due = invitations.filter(
    (i) =>
      i.status === 'open' &&
      // An invitation made before the engineer's dates were corrected: the month is not theirs.
      employedInMonth(engineerById.get(i.engineerId) ?? {}, month) &&
      !answeredIds.has(i.id) &&
      i.sentAt !== undefined &&
      i.remindedAt === undefined &&
      Date.parse(i.expiresAt) > now.getTime(),
  );
  const report: ReminderRunReport = {
    month,
    invitations: invitations.length,
    reminded: 0,
    skipped: invitations.length - due.length,
    failed: [],
    inDoubt: [],
  };
  let done = 0;
  request.onProgress?.(0, due.length);
  await forEachBounded(due, SEND_CONCURRENCY, async (invitation) => {
    const engineer = engineerById.get(invitation.engineerId);
    const respondent = respondentById.get(invitation.respondentId);
    if (!engineer || !respondent) {
      report.skipped++;
    } else {
      // Through the outbox: a repeated or concurrent run never sends a second reminder.
      const outcome = await deliverInvitationEmail(ctx, settings, invitation, engineer, respondent, true);
      if (outcome.state === 'sent') report.reminded++;
      else if (outcome.state === 'already') report.skipped++;
      else if (outcome.state === 'in-doubt')
        report.inDoubt.push({ invitationId: invitation.id, reason: outcome.reason });
      else report.failed.push({ invitationId: invitation.id, reason: outcome.reason });
    }
    request.onProgress?.(++done, due.length);
  });
  return report;
}

export interface ResendReport {
  invitationId: string;
  /** Who it went to. */
  email: string;
  /** `already`: this resend request had been sent before (the same form posted twice); nothing sent again. */
  state: 'sent' | 'already';
}

/**
 * Sends one invitation's email again, at a manager's request (the console's Surveys page): the same signed link,
 * to the respondent, through the outbox under the resend request's own claim — so a form posted twice sends one
 * email, and a later resend is a new request. The claim's label names who asked.
 * 1. Read the invitation (NotFoundError); refuse one whose window has closed (LinkGoneError: its link would not
 *    open). 2. Read the engineer and the respondent, and the settings (the deadline's zone).
 * 3. Deliver through the outbox. A send cut short is a RetryableError saying so (the claim resolves it later).
 */
export async function resendInvitation(
  ctx: PipelineContext,
  request: { invitationId: string; requestId: string; actor: string },
): Promise<ResendReport> {
  const invitation = await getInvitation(ctx.storage, request.invitationId);
  checkSurveyWindow(invitation, ctx.now());
  const [engineer, respondent, settings] = await Promise.all([
    getEngineer(ctx.storage, invitation.engineerId),
    getRespondent(ctx.storage, invitation.respondentId),
    getOrganisationSettings(ctx.storage),
  ]);
  const delivery = await deliverOnce(ctx, {
    key: keys.invitationResent(invitation.id, request.requestId),
    type: ENTITY.invitationResent,
    label: `invitation ${invitation.id} resent at the request of ${request.actor}`,
    render: () => renderInvitation(ctx, settings, invitation, engineer, respondent, false),
  });
  if (delivery.state === 'in-doubt') {
    throw new RetryableError(`the email may not have gone: ${delivery.reason}`);
  }
  return { invitationId: invitation.id, email: respondent.email, state: delivery.state };
}
