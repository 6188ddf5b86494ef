// What one survey submission costs in DynamoDB requests, counted on the handlers' own client: the form POST
// reads the invitation and the response's stored revision, and writes one transaction — the month's guard (a
// final month takes no answer) and the response item's UpdateItem (its revision counter and kept revisions grow
// atomically, pinned to the revision read, so concurrent edits are serialised; the invitation is not written);
// showing the form only reads.
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { defaultRubric } from '#shared/rubric/default.ts';
import { storage } from '#shared/storage/fromConfig.ts';
import { useStack } from '../../support/stack.ts';

const stack = useStack();
const sent: string[] = [];

beforeAll(() => {
  // The handlers' one document client (the gateway runs the handler modules in this process).
  storage().doc.middlewareStack.add(
    (next, context) => (args) => {
      sent.push(String(context.commandName));
      return next(args);
    },
    { step: 'initialize', name: 'countRequests' },
  );
});
afterEach(() => {
  sent.length = 0;
});

const form = (ratings: number[]) => {
  const body = new URLSearchParams({ comment: 'ok' });
  defaultRubric.survey.questions.forEach((q, i) => {
    body.set(`ratings.${q.key}`, String(ratings[i]));
  });
  return body.toString();
};

describe('DynamoDB requests of a survey submission', () => {
  it('is two GetItems (the invitation, the revision) and one transaction, for a first answer and for an edit', async () => {
    const { url } = await stack.surveyCase({ language: 'en' });
    // Warm the per-minute caches (link key, organisation time zone) the way any earlier request would.
    await (await fetch(`${url}?lang=en`)).arrayBuffer();
    for (const ratings of [
      [4, 4, 4, 4, 4],
      [5, 4, 3, 4, 5],
    ]) {
      sent.length = 0;
      const res = await fetch(`${url}?lang=en`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: form(ratings),
      });
      expect(res.status).toBe(200);
      await res.arrayBuffer();
      expect(sent.sort()).toEqual(['GetItemCommand', 'GetItemCommand', 'TransactWriteItemsCommand']);
    }
  });
});
