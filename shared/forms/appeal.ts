// Use cases of an appeal link (申诉): show the page (reads only: a mail scanner that follows the link files
// nothing), and file or edit the engineer's appeal from the page's POST. The link names the engineer-month and
// the card revision the report showed; the month's record decides whether appeals are open (provisional, before
// its appeal deadline), and the engineer's link version whether the link still counts.
import { randomBytes } from 'node:crypto';
import {
  APPEAL_REASON_MAX,
  type Appeal,
  type AppealText,
  appealTextInput,
  newAppealId,
} from '../domain/appeal.ts';
import type { Engineer } from '../domain/engineer.ts';
import type { MonthRecord } from '../domain/monthRecord.ts';
import { localTimeWithZone } from '../domain/monthTimeline.ts';
import type { ScoreCardRecord } from '../domain/scoreCardRecord.ts';
import { type Language, localDateTime } from '../domain/values.ts';
import { ConflictError, LinkInvalidError, MonthFinalError, ValidationError } from '../errors.ts';
import type { FormPage } from '../html/page.ts';
import { type AppealLinkSubject, checkAppealLink } from '../links/links.ts';
import { defaultIndicatorNames } from '../rubric/defaultParts.ts';
import {
  findAppeal,
  listAppealsOfEngineerMonth,
  editAppeal as storeAppealEdit,
  fileAppeal as storeNewAppeal,
} from '../storage/appeals.ts';
import type { Storage } from '../storage/client.ts';
import { findEngineer } from '../storage/engineers.ts';
import { findMonthRecord } from '../storage/months.ts';
import { organisationTimezone } from '../storage/organisation.ts';
import { findLatestScoreCard, findScoreCardRevision } from '../storage/scoreCards.ts';
import { parseWith } from '../validation.ts';
import { renderAppealClosed, renderAppealPage } from './appealView.ts';

/** Who an engineer's own write is recorded as in the record of changes. */
export const engineerActor = (engineerId: string) => `engineer:${engineerId}`;

interface AppealContext {
  subject: AppealLinkSubject;
  engineer: Engineer;
  record: MonthRecord | undefined;
  seen: ScoreCardRecord;
  latest: ScoreCardRecord | undefined;
  appeals: Appeal[];
  timezone: string;
  /** When appeals of the month close: the month's recorded deadline, else the link's own expiry. */
  deadline: Date;
  /** Why appeals are closed now, if they are. */
  closed?: { reason: 'final' | 'deadline'; since: string } | undefined;
}

/**
 * Reads everything the page needs (no writes).
 * 1. Check the token (signature and kind: 403).
 * 2. Read the engineer, the month's record, the card revision the report showed, the latest card, the
 *    engineer-month's appeals and the zone, at once.
 * 3. An unknown engineer, a revoked link (another link version) or a revision that does not exist: 403.
 * 4. Closed when the month is final, or past the deadline (the record's, else the link's expiry).
 */
async function appealContext(storage: Storage, token: string, now: Date): Promise<AppealContext> {
  const link = await checkAppealLink(token, now);
  const [engineer, record, seen, latest, appeals, timezone] = await Promise.all([
    findEngineer(storage, link.engineerId),
    findMonthRecord(storage, link.month),
    findScoreCardRevision(storage, link.engineerId, link.month, link.cardRevision),
    findLatestScoreCard(storage, link.engineerId, link.month),
    listAppealsOfEngineerMonth(storage, link.engineerId, link.month),
    organisationTimezone(storage),
  ]);
  if (!engineer || engineer.dailyReportLinkVersion !== link.version || !seen) {
    throw new LinkInvalidError('link names no report of this engineer');
  }
  const deadline = record?.appealDeadline ? new Date(record.appealDeadline) : link.expiresAt;
  const zone = record?.timezone ?? timezone;
  const closed =
    record?.state === 'final'
      ? { reason: 'final' as const, since: localTimeWithZone(record.finalizedAt ?? now, zone) }
      : now.getTime() >= deadline.getTime() || link.expired
        ? { reason: 'deadline' as const, since: localTimeWithZone(deadline, zone) }
        : undefined;
  return { subject: link, engineer, record, seen, latest, appeals, timezone: zone, deadline, closed };
}

function resolvedOf(ctx: AppealContext) {
  return ctx.appeals
    .filter((a) => a.status !== 'open')
    .reverse()
    .map((appeal) => ({ appeal, resolvedAt: localDateTime(Date.parse(appeal.resolvedAt!), ctx.timezone) }));
}

const openOf = (ctx: AppealContext) => ctx.appeals.find((a) => a.status === 'open');

function closedPage(ctx: AppealContext, lang: Language): FormPage {
  return {
    status: 410,
    html: renderAppealClosed({
      lang,
      month: ctx.subject.month,
      reason: ctx.closed!.reason,
      when: ctx.closed!.since,
      names: defaultIndicatorNames,
      resolved: resolvedOf(ctx),
      open: openOf(ctx),
    }),
  };
}

function formPage(
  ctx: AppealContext,
  lang: Language,
  status: FormPage['status'],
  values: { indicators: readonly string[]; reason: string },
  problems: ValidationError['problems'],
  notice?: 'saved' | 'updated',
): FormPage {
  const open = openOf(ctx);
  return {
    status,
    html: renderAppealPage({
      lang,
      engineerName: ctx.engineer.name,
      month: ctx.subject.month,
      deadline: localTimeWithZone(ctx.deadline, ctx.timezone),
      names: defaultIndicatorNames,
      seen: { revision: ctx.seen.revision, card: ctx.seen.card },
      latest:
        ctx.latest && ctx.latest.revision > ctx.seen.revision
          ? { revision: ctx.latest.revision, card: ctx.latest.card }
          : undefined,
      open: open
        ? { appeal: open, filedAt: localDateTime(Date.parse(open.filedAt), ctx.timezone) }
        : undefined,
      resolved: resolvedOf(ctx),
      values,
      problems,
      notice,
      reasonMax: APPEAL_REASON_MAX,
    }),
  };
}

/**
 * The appeal page of a link: the figures, the open appeal to edit (or an empty form), the outcomes; 410 when
 * appeals of the month are closed. Reads only.
 */
export async function appealFormPage(
  storage: Storage,
  token: string,
  lang: Language | undefined,
  now: Date,
): Promise<FormPage> {
  const ctx = await appealContext(storage, token, now);
  const shown = lang ?? ctx.engineer.language;
  if (ctx.closed) return closedPage(ctx, shown);
  const open = openOf(ctx);
  return formPage(ctx, shown, 200, { indicators: open?.indicators ?? [], reason: open?.reason ?? '' }, []);
}

/** The form's fields as the appeal's shape (`indicators` may repeat). */
function appealFromForm(form: URLSearchParams): { indicators: string[]; reason: string } {
  return { indicators: form.getAll('indicators'), reason: form.get('reason') ?? '' };
}

/**
 * Files the engineer's appeal, or edits the open one, with its entry in the record of changes.
 * - No open appeal: a new one naming the card revision the report showed; one transaction with the month's
 *   `openAppeals` (storage refuses a final month or a second open appeal, writing nothing).
 * - An open appeal: its text replaced, the earlier text kept in its revisions; conditional on it being open,
 *   unchanged since read and before the deadline, and the month not final.
 */
async function fileOrEditAppeal(
  storage: Storage,
  ctx: AppealContext,
  text: AppealText,
  now: Date,
): Promise<{ appeal: Appeal; created: boolean }> {
  const at = now.toISOString();
  const actor = engineerActor(ctx.engineer.id);
  const open = openOf(ctx);
  if (!open) {
    const appeal: Appeal = {
      id: newAppealId(ctx.engineer.id, ctx.subject.month, now, randomBytes(3).toString('hex')),
      engineerId: ctx.engineer.id,
      month: ctx.subject.month,
      cardRevision: ctx.seen.revision,
      indicators: text.indicators,
      reason: text.reason,
      status: 'open',
      filedAt: at,
      updatedAt: at,
      deadline: ctx.deadline.toISOString(),
      revisions: [{ indicators: text.indicators, reason: text.reason, at }],
    };
    await storeNewAppeal(
      storage,
      appeal,
      ctx.record,
      {
        month: appeal.month,
        engineerId: appeal.engineerId,
        at,
        actor,
        action: 'appealed',
        item: { kind: 'appeal', id: appeal.id },
        before: null,
        after: appeal,
      },
      { timezone: ctx.timezone },
    );
    return { appeal, created: true };
  }
  const next: Appeal = {
    ...open,
    indicators: text.indicators,
    reason: text.reason,
    updatedAt: at,
    revisions: [...open.revisions, { indicators: text.indicators, reason: text.reason, at }],
  };
  await storeAppealEdit(
    storage,
    next,
    open.updatedAt,
    now,
    {
      month: next.month,
      engineerId: next.engineerId,
      at,
      actor,
      action: 'appeal-edited',
      item: { kind: 'appeal', id: next.id },
      before: { indicators: open.indicators, reason: open.reason },
      after: { indicators: next.indicators, reason: next.reason },
    },
    async () => {
      const now2 = await findAppeal(storage, next.engineerId, next.month, next.id);
      return new ConflictError(
        now2?.status !== 'open'
          ? `appeal ${next.id} has been resolved meanwhile`
          : 'the appeal changed meanwhile, or its deadline passed; open the page again',
      );
    },
  );
  return { appeal: next, created: false };
}

/**
 * A browser's POST.
 * 1. Read the context; closed → the 410 page, nothing written.
 * 2. Parse (a bad form: the page again, 400, with the messages beside their fields and what was typed).
 * 3. File or edit; the page again with the saved appeal and a notice. A month that became final meanwhile is
 *    the 410 page; an appeal resolved meanwhile (409) is the request's error page.
 */
export async function submitAppealForm(
  storage: Storage,
  token: string,
  form: URLSearchParams,
  lang: Language | undefined,
  now: Date,
): Promise<FormPage> {
  const ctx = await appealContext(storage, token, now);
  const shown = lang ?? ctx.engineer.language;
  if (ctx.closed) return closedPage(ctx, shown);
  const values = appealFromForm(form);
  let text: AppealText;
  try {
    text = parseWith(appealTextInput, values);
  } catch (error) {
    if (!(error instanceof ValidationError)) throw error;
    return formPage(ctx, shown, 400, values, error.problems);
  }
  try {
    const { created } = await fileOrEditAppeal(storage, ctx, text, now);
    const after = await appealContext(storage, token, now);
    const open = openOf(after);
    return formPage(
      after,
      shown,
      200,
      { indicators: open?.indicators ?? text.indicators, reason: open?.reason ?? text.reason },
      [],
      created ? 'saved' : 'updated',
    );
  } catch (error) {
    if (error instanceof MonthFinalError) return closedPage(await appealContext(storage, token, now), shown);
    throw error;
  }
}
