// Repository: survey invitations (the truth behind a signed survey link) and responses. One invitation per
// respondent × engineer × month (a marker item written in the same transaction). A response is ONE item under
// the engineer (the latest answer, which the scorer reads, plus every revision kept inside it), written by one
// conditional UpdateItem in a transaction with the month's guard (a final month takes no answer): the invitation
// is only read on answer, never written, and whether it is answered is its response's (a month's responses are
// one Query on gsi2).
import { randomUUID } from 'node:crypto';
import { GetCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { isoTimestamp } from '../domain/common.ts';
import {
  type Invitation,
  invitationSchema,
  type StoredSurveyResponse,
  type SurveyAnswer,
  type SurveyResponse,
  type SurveyRevision,
  storedSurveyResponseSchema,
} from '../domain/survey.ts';
import { ConflictError, NotFoundError } from '../errors.ts';
import * as z from '../schema.ts';
import {
  conditional,
  getItem,
  isConditionFailure,
  isoNow,
  listMonth,
  type Storage,
  transact,
} from './client.ts';
import { ENTITY, type Key, keys } from './keys.ts';
import { pendingLowScoreAlertPut } from './lowScoreAlerts.ts';
import { failedConditions, monthFinalError, monthGuard } from './months.ts';

function invitationItem(invitation: Invitation): Record<string, unknown> {
  return {
    ...keys.invitation(invitation.id),
    type: ENTITY.invitation,
    gsi2pk: keys.monthList('INVITATIONS', invitation.month),
    gsi2sk: `${invitation.engineerId}#${invitation.respondentId}`,
    ...invitation,
  };
}

export function findInvitation(storage: Storage, invitationId: string): Promise<Invitation | undefined> {
  return getItem(storage, keys.invitation(invitationId), invitationSchema);
}

export async function getInvitation(storage: Storage, invitationId: string): Promise<Invitation> {
  const invitation = await findInvitation(storage, invitationId);
  if (!invitation) throw new NotFoundError(`no invitation with id ${invitationId}`);
  return invitation;
}

const invitationMarkerSchema = z.object({ invitationId: z.string() });

/**
 * Creates the invitation of respondent × engineer × month, or returns the existing one (`created: false`), so
 * the invitation run can be repeated safely.
 */
export async function createInvitation(
  storage: Storage,
  request: { month: string; respondentId: string; engineerId: string; expiresAt: string; now: Date },
): Promise<{ invitation: Invitation; created: boolean }> {
  const marker = keys.invitationMarker(request.engineerId, request.month, request.respondentId);
  const invitation: Invitation = {
    id: randomUUID(),
    month: request.month,
    respondentId: request.respondentId,
    engineerId: request.engineerId,
    createdAt: isoNow(request.now),
    // Normalised to UTC so the conditions can compare it with `now` as a string.
    expiresAt: new Date(request.expiresAt).toISOString(),
    status: 'open',
  };
  try {
    await transact(storage, [
      {
        Put: {
          TableName: storage.tableName,
          Item: { ...marker, type: ENTITY.invitationMarker, invitationId: invitation.id },
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      },
      {
        Put: {
          TableName: storage.tableName,
          Item: invitationItem(invitation),
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      },
    ]);
    return { invitation, created: true };
  } catch (error) {
    if (!(error instanceof ConflictError)) throw error;
    const existing = await getItem(storage, marker, invitationMarkerSchema);
    if (!existing) throw error;
    return { invitation: await getInvitation(storage, existing.invitationId), created: false };
  }
}

/** A month's invitations (for the status page, reminders, closing). */
export function listInvitationsOfMonth(storage: Storage, month: string): Promise<Invitation[]> {
  return listMonth(storage, 'INVITATIONS', month, invitationSchema);
}

const invitationEngineerSchema = z.strictObject({ id: z.string(), engineerId: z.string() });

/** A month's invitations, only which engineer each is about (one projected Query: what progress counts need). */
export function listInvitationEngineersOfMonth(
  storage: Storage,
  month: string,
): Promise<Array<{ id: string; engineerId: string }>> {
  return listMonth(storage, 'INVITATIONS', month, invitationEngineerSchema, 'id, engineerId');
}

/** Records that the invitation email went out. */
export async function markInvitationSent(storage: Storage, invitationId: string, at: Date): Promise<void> {
  await storage.doc.send(
    new UpdateCommand({
      TableName: storage.tableName,
      Key: keys.invitation(invitationId),
      UpdateExpression: 'SET sentAt = :at',
      ConditionExpression: 'attribute_exists(pk)',
      ExpressionAttributeValues: { ':at': isoNow(at) },
    }),
  );
}

/** Records that the invitation's one reminder went out (its outbox claim is what makes it once). */
export async function markInvitationReminded(
  storage: Storage,
  invitationId: string,
  at: Date,
): Promise<void> {
  await storage.doc.send(
    new UpdateCommand({
      TableName: storage.tableName,
      Key: keys.invitation(invitationId),
      UpdateExpression: 'SET remindedAt = if_not_exists(remindedAt, :at)',
      ConditionExpression: 'attribute_exists(pk)',
      ExpressionAttributeValues: { ':at': isoNow(at) },
    }),
  );
}

/** Closes an invitation (window over): its link then answers "gone" and no more answers are taken. */
export async function closeInvitation(storage: Storage, invitationId: string): Promise<void> {
  await conditional(
    () =>
      storage.doc.send(
        new UpdateCommand({
          TableName: storage.tableName,
          Key: keys.invitation(invitationId),
          UpdateExpression: 'SET #status = :closed',
          ConditionExpression: 'attribute_exists(pk)',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':closed': 'closed' },
        }),
      ),
    () => new NotFoundError(`no invitation with id ${invitationId}`),
  );
}

/**
 * The most revisions one response keeps; one more answer is refused (ConflictError). It bounds the item under
 * DynamoDB's 400 KB: a comment is at most SURVEY_COMMENT_MAX = 2,000 UTF-16 code units, at most 3 bytes each in
 * UTF-8 (a surrogate pair is 2 units and 4 bytes), so ≤ 6,000 bytes; ratings (5 keys and numbers), submittedAt
 * and the attribute names add < 300 bytes: a revision is ≤ 6.3 KB. 40 kept + the latest copy + ids and keys
 * ≈ 41 × 6.3 KB + 1 KB ≈ 260 KB worst case (the GSI copy is the same size), and a typical answer is ~0.3 KB.
 */
export const SURVEY_REVISIONS_MAX = 40;

/** Tries of one answer that keeps meeting concurrent edits of the same response (each round, one of them lands). */
const SAVE_ATTEMPTS = 12;

type InvitationKeys = Pick<Invitation, 'id' | 'engineerId' | 'month'>;

/** The latest answer of a stored response (without its kept revisions). */
function latestOf(stored: StoredSurveyResponse): SurveyResponse {
  const { revisions: _kept, ...latest } = stored;
  return latest;
}

function findStoredSurveyResponse(
  storage: Storage,
  invitation: InvitationKeys,
): Promise<StoredSurveyResponse | undefined> {
  return getItem(
    storage,
    keys.surveyResponse(invitation.engineerId, invitation.month, invitation.id),
    storedSurveyResponseSchema,
  );
}

/** The revision a response item holds now (0 for none), without reading its kept answers. */
async function storedRevision(storage: Storage, key: Key): Promise<number> {
  const out = await storage.doc.send(
    new GetCommand({
      TableName: storage.tableName,
      Key: key,
      ConsistentRead: true,
      ProjectionExpression: '#revision',
      ExpressionAttributeNames: { '#revision': 'revision' },
    }),
  );
  return revisionSchema.parse(out.Item ?? {}).revision;
}

const revisionSchema = z.object({ revision: z._default(z.number().check(z.int(), z.gte(1)), 0) });

/** The latest response to an invitation, if any. */
export async function findSurveyResponse(
  storage: Storage,
  invitation: InvitationKeys,
): Promise<SurveyResponse | undefined> {
  const stored = await findStoredSurveyResponse(storage, invitation);
  return stored ? latestOf(stored) : undefined;
}

/** Every revision of an invitation's response, oldest first (the last is the latest). */
export async function listSurveyResponseRevisions(
  storage: Storage,
  invitation: InvitationKeys,
): Promise<SurveyResponse[]> {
  const stored = await findStoredSurveyResponse(storage, invitation);
  if (!stored) return [];
  return stored.revisions.map((r, i) => ({ ...latestOf(stored), ...r, revision: i + 1 }));
}

const answeredSchema = z.object({
  invitationId: z.string(),
  engineerId: z.string(),
  respondentId: z.string(),
  revision: z.number().check(z.int(), z.gte(1)),
  submittedAt: isoTimestamp,
  revisions: z.tuple([z.object({ submittedAt: isoTimestamp })]),
});

/** An invitation that has been answered: when first and last, and how many revisions. */
interface AnsweredInvitation {
  invitationId: string;
  engineerId: string;
  respondentId: string;
  revision: number;
  firstAnsweredAt: string;
  lastAnsweredAt: string;
}

/**
 * A month's answered invitations: one Query on gsi2 (RESPONSES#<month>), reading only who, how many revisions
 * and when (the first revision's time by its list index), not the kept answers.
 */
export async function listAnsweredInvitations(
  storage: Storage,
  month: string,
): Promise<AnsweredInvitation[]> {
  const answered = await listMonth(
    storage,
    'RESPONSES',
    month,
    answeredSchema,
    'invitationId, engineerId, respondentId, revision, submittedAt, revisions[0].submittedAt',
  );
  return answered.map((a) => ({
    invitationId: a.invitationId,
    engineerId: a.engineerId,
    respondentId: a.respondentId,
    revision: a.revision,
    firstAnsweredAt: a.revisions[0].submittedAt,
    lastAnsweredAt: a.submittedAt,
  }));
}

/** The ids of a month's answered invitations (one Query projected to them: what the overview's counts need). */
export async function listAnsweredInvitationIds(storage: Storage, month: string): Promise<string[]> {
  const answered = await listMonth(
    storage,
    'RESPONSES',
    month,
    z.strictObject({ invitationId: z.string() }),
    'invitationId',
  );
  return answered.map((a) => a.invitationId);
}

/**
 * Stores a respondent's answer to `invitation` (read by the caller, its window checked there) as the next revision
 * of the invitation's response: one GetItem (the revision stored) and one transaction — the ConditionCheck that
 * the invitation's month is not final (MonthFinalError, nothing written), the response's UpdateItem, and for an
 * answer that raises a low-score alert the waiting alert (storage/lowScoreAlerts.ts), so the answer is never
 * stored without it.
 * 1. Update the response item: the answer and its identifying attributes, the revision counter
 *    `if_not_exists(revision, 0) + 1`, the answer appended to `revisions` (the counter and the list grow
 *    together, atomically, so concurrent edits are serialised by DynamoDB and every one is kept; the latest
 *    counts), and the gsi2 attributes of the month's responses.
 *    Conditions: with `expectedRevision` (the revision the respondent's form showed), the stored revision must
 *    still be it (none for 0) — a stale form is refused (ConflictError); and fewer than SURVEY_REVISIONS_MAX
 *    revisions kept — one more is refused (ConflictError).
 *    A transaction returns no values, and the alert is keyed by the revision: the stored revision is read first
 *    and pinned by the update's condition; an edit that lands in between is not a conflict for a respondent
 *    who named no revision, so the write is tried again on the new one.
 * 2. Return the stored latest answer with its revision.
 */
export async function saveSurveyResponse(
  storage: Storage,
  command: { invitation: Invitation; answer: SurveyAnswer; now: Date; raisesAlert?: boolean },
): Promise<SurveyResponse> {
  const { invitation } = command;
  const kept: SurveyRevision = {
    ratings: command.answer.ratings,
    comment: command.answer.comment,
    submittedAt: isoNow(command.now),
  };
  const set: Record<string, unknown> = {
    type: ENTITY.surveyResponse,
    invitationId: invitation.id,
    month: invitation.month,
    engineerId: invitation.engineerId,
    respondentId: invitation.respondentId,
    ...kept,
    ...keys.surveyResponseMonthList(invitation.month, invitation.id),
  };
  const key = keys.surveyResponse(invitation.engineerId, invitation.month, invitation.id);
  const update = (pinned?: number) => {
    // Every name through a placeholder: `comment`, `month` and `type` are DynamoDB reserved words.
    const names: Record<string, string> = { '#revision': 'revision', '#revisions': 'revisions' };
    const values: Record<string, unknown> = {
      ':zero': 0,
      ':one': 1,
      ':empty': [],
      ':this': [kept],
      ':max': SURVEY_REVISIONS_MAX,
    };
    const assignments = Object.entries(set).map(([name, value], i) => {
      names[`#a${i}`] = name;
      values[`:a${i}`] = value;
      return `#a${i} = :a${i}`;
    });
    const conditions = ['(attribute_not_exists(#revisions) OR size(#revisions) < :max)'];
    const expected = command.answer.expectedRevision;
    for (const revision of [expected, pinned]) {
      if (revision === 0) conditions.push('attribute_not_exists(#revision)');
      else if (revision !== undefined) {
        const placeholder = `:r${conditions.length}`;
        conditions.push(`#revision = ${placeholder}`);
        values[placeholder] = revision;
      }
    }
    return {
      TableName: storage.tableName,
      Key: key,
      UpdateExpression: `SET ${assignments.join(', ')}, #revision = if_not_exists(#revision, :zero) + :one, #revisions = list_append(if_not_exists(#revisions, :empty), :this)`,
      ConditionExpression: conditions.join(' AND '),
      ExpressionAttributeNames: names,
      ExpressionAttributeValues: values,
    };
  };
  try {
    for (let attempt = 0; ; attempt++) {
      const before = await storedRevision(storage, key);
      const response: SurveyResponse = {
        invitationId: invitation.id,
        month: invitation.month,
        engineerId: invitation.engineerId,
        respondentId: invitation.respondentId,
        ...kept,
        revision: before + 1,
      };
      try {
        await storage.doc.send(
          new TransactWriteCommand({
            TransactItems: [
              // A respondent's write, not a manager's change: guarded, not in the record of changes.
              monthGuard(storage, invitation.month),
              { Update: update(before) },
              ...(command.raisesAlert ? [pendingLowScoreAlertPut(storage, response)] : []),
            ],
          }),
        );
        return response;
      } catch (error) {
        if (failedConditions(error).includes(0)) throw await monthFinalError(storage, invitation.month);
        if (
          !isConditionFailure(error) ||
          command.answer.expectedRevision !== undefined ||
          attempt >= SAVE_ATTEMPTS - 1
        )
          throw error;
        // Another answer to the same invitation landed first: take the next revision, after a random pause so
        // a crowd of concurrent edits does not collide again in lockstep.
        await new Promise((resolve) => setTimeout(resolve, Math.random() * 20 * (attempt + 1)));
      }
    }
  } catch (error) {
    if (!isConditionFailure(error)) throw error;
    // Refused: read why (only on this path; an accepted answer costs the requests above).
    const current = await findStoredSurveyResponse(storage, invitation);
    if (current && current.revisions.length >= SURVEY_REVISIONS_MAX) {
      throw new ConflictError(
        `this survey has already been answered ${current.revisions.length} times, the most that are kept; the latest answer stands`,
      );
    }
    throw new ConflictError(
      `the answers were changed elsewhere since this form was opened (revision ${current?.revision ?? 0}); reload and try again`,
    );
  }
}
