// Repository: survey invitations (the truth behind a signed survey link) and responses. One invitation per
// respondent × engineer × month (a marker item written in the same transaction); a response is written together
// with the invitation's revision counter, so concurrent edits are serialised and every revision is kept.

import { randomUUID } from 'node:crypto';
import { GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import {
  type Invitation,
  invitationSchema,
  type SurveyAnswer,
  type SurveyResponse,
  surveyResponseSchema,
} from '../domain/survey.ts';
import { ConflictError, LinkGoneError, NotFoundError } from '../errors.ts';
import { conditional, fromItem, isoNow, queryAll, type Storage, transact } from './client.ts';
import { ENTITY, INDEX, keys } from './keys.ts';

function invitationItem(invitation: Invitation): Record<string, unknown> {
  return {
    ...keys.invitation(invitation.id),
    type: ENTITY.invitation,
    gsi2pk: keys.monthList('INVITATIONS', invitation.month),
    gsi2sk: `${invitation.engineerId}#${invitation.respondentId}`,
    ...invitation,
  };
}

export async function findInvitation(
  storage: Storage,
  invitationId: string,
): Promise<Invitation | undefined> {
  const out = await storage.doc.send(
    new GetCommand({
      TableName: storage.tableName,
      Key: keys.invitation(invitationId),
      ConsistentRead: true,
    }),
  );
  return out.Item ? fromItem(invitationSchema, out.Item) : undefined;
}

export async function getInvitation(storage: Storage, invitationId: string): Promise<Invitation> {
  const invitation = await findInvitation(storage, invitationId);
  if (!invitation) throw new NotFoundError(`no invitation with id ${invitationId}`);
  return invitation;
}

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
    responseRevision: 0,
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
    const existing = await storage.doc.send(
      new GetCommand({ TableName: storage.tableName, Key: marker, ConsistentRead: true }),
    );
    const id = existing.Item?.invitationId;
    if (typeof id !== 'string') throw error;
    return { invitation: await getInvitation(storage, id), created: false };
  }
}

/** A month's invitations (for the status page, reminders, closing). */
export async function listInvitationsOfMonth(storage: Storage, month: string): Promise<Invitation[]> {
  const items = await queryAll(storage, {
    IndexName: INDEX.byMonth,
    KeyConditionExpression: 'gsi2pk = :m',
    ExpressionAttributeValues: { ':m': keys.monthList('INVITATIONS', month) },
  });
  return items.map((i) => fromItem(invitationSchema, i));
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

/**
 * Claims the one reminder of an invitation: true when this call may send it (still open, not reminded before),
 * false otherwise. The condition makes a repeated reminder run send nothing twice.
 */
export async function claimReminder(storage: Storage, invitationId: string, at: Date): Promise<boolean> {
  try {
    await storage.doc.send(
      new UpdateCommand({
        TableName: storage.tableName,
        Key: keys.invitation(invitationId),
        UpdateExpression: 'SET remindedAt = :at',
        ConditionExpression: 'attribute_exists(pk) AND #status = :open AND attribute_not_exists(remindedAt)',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':at': isoNow(at), ':open': 'open' },
      }),
    );
    return true;
  } catch (error) {
    if ((error as { name?: string }).name === 'ConditionalCheckFailedException') return false;
    throw error;
  }
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

/** The latest response to an invitation, if any. */
export async function findSurveyResponse(
  storage: Storage,
  invitation: Pick<Invitation, 'id' | 'engineerId' | 'month'>,
): Promise<SurveyResponse | undefined> {
  const out = await storage.doc.send(
    new GetCommand({
      TableName: storage.tableName,
      Key: keys.surveyResponse(invitation.engineerId, invitation.month, invitation.id),
      ConsistentRead: true,
    }),
  );
  return out.Item ? fromItem(surveyResponseSchema, out.Item) : undefined;
}

/** Every revision of an invitation's response, oldest first. */
export async function listSurveyResponseRevisions(
  storage: Storage,
  invitation: Pick<Invitation, 'id' | 'engineerId' | 'month'>,
): Promise<SurveyResponse[]> {
  const items = await queryAll(storage, {
    KeyConditionExpression: 'pk = :pk AND begins_with(sk, :p)',
    ExpressionAttributeValues: {
      ':pk': keys.engineerPartition(invitation.engineerId),
      ':p': keys.surveyResponseRevisionPrefix(invitation.month, invitation.id),
    },
    ConsistentRead: true,
  });
  return items.map((i) => fromItem(surveyResponseSchema, i));
}

/**
 * Stores a respondent's answer as the next revision of the invitation's response.
 * 1. Refuse a closed or expired invitation (LinkGoneError).
 * 2. With `expectedRevision` (the revision the respondent's form showed), refuse a stale form (ConflictError).
 * 3. In one transaction: bump the invitation's revision counter conditioned on the value read (and on it
 *    still being open), write the latest response, and keep the revision record.
 * 4. A lost race without `expectedRevision` re-reads and writes the next revision: both answers are kept, the
 *    latest counts, nothing is lost.
 */
export async function saveSurveyResponse(
  storage: Storage,
  command: { invitationId: string; answer: SurveyAnswer; now: Date },
): Promise<SurveyResponse> {
  const at = isoNow(command.now);
  for (let attempt = 0; attempt < 8; attempt++) {
    const invitation = await getInvitation(storage, command.invitationId);
    if (invitation.status === 'closed' || Date.parse(invitation.expiresAt) <= command.now.getTime()) {
      throw new LinkGoneError('the survey window has closed');
    }
    const seen = invitation.responseRevision;
    if (command.answer.expectedRevision !== undefined && command.answer.expectedRevision !== seen) {
      throw new ConflictError(
        `the answers were changed elsewhere since this form was opened (revision ${seen}); reload and try again`,
      );
    }
    const response: SurveyResponse = {
      invitationId: invitation.id,
      month: invitation.month,
      engineerId: invitation.engineerId,
      respondentId: invitation.respondentId,
      ratings: command.answer.ratings,
      comment: command.answer.comment,
      submittedAt: at,
      revision: seen + 1,
    };
    try {
      await transact(storage, [
        {
          Update: {
            TableName: storage.tableName,
            Key: keys.invitation(invitation.id),
            UpdateExpression:
              'SET responseRevision = :next, #status = :answered, answeredAt = if_not_exists(answeredAt, :at)',
            ConditionExpression: 'responseRevision = :seen AND #status <> :closed AND expiresAt > :at',
            ExpressionAttributeNames: { '#status': 'status' },
            ExpressionAttributeValues: {
              ':next': response.revision,
              ':seen': seen,
              ':answered': 'answered',
              ':closed': 'closed',
              ':at': at,
            },
          },
        },
        {
          Put: {
            TableName: storage.tableName,
            Item: {
              ...keys.surveyResponse(invitation.engineerId, invitation.month, invitation.id),
              type: ENTITY.surveyResponse,
              ...response,
            },
          },
        },
        {
          Put: {
            TableName: storage.tableName,
            Item: {
              ...keys.surveyResponseRevision(
                invitation.engineerId,
                invitation.month,
                invitation.id,
                response.revision,
              ),
              type: ENTITY.surveyResponseRevision,
              ...response,
            },
            ConditionExpression: 'attribute_not_exists(pk)',
          },
        },
      ]);
      return response;
    } catch (error) {
      if (!(error instanceof ConflictError)) throw error;
      // Someone else's answer landed first (or the window just closed): re-read and decide again.
    }
  }
  throw new ConflictError('the survey response is being changed concurrently; try again');
}
