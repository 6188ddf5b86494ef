// Locally the SES stand-in is SES: its store (`GET /store`) is the record of every email it took since it
// started, each with the headers it was sent with — the outbox claim's header among them. That record resolves
// a send left in doubt: the claim's email is there (taken), or provably not there (sent again).
import * as z from 'zod';
import { CLAIM_HEADER } from '../shared/mail/ses.ts';
import type { Evidence, SendEvidence } from '../shared/outbox/outbox.ts';

const storeSchema = z.object({
  emails: z.array(
    z.object({
      messageId: z.string(),
      headers: z.array(z.object({ name: z.string(), value: z.string() })).optional(),
    }),
  ),
});

/**
 * Evidence from the stand-in at `url`, started at `startedAt`. Absence proves nothing about a send that began
 * before the stand-in started (its store is in memory: a restart forgets what it took), nor when the store
 * cannot be read: both are "unknown", and the claim stays in doubt.
 */
export function standInEvidence(url: string, startedAt: Date | undefined): SendEvidence {
  // A run resolving many sends in doubt looks each up in the same store: one read serves the lookups of the next
  // two seconds. That is safe: a send is looked up only once it has been marked sending for minutes, so a
  // snapshot taken now already holds whatever SES took of it.
  let snapshot: { at: number; store: Promise<z.output<typeof storeSchema> | undefined> } | undefined;
  const readStore = async (): Promise<z.output<typeof storeSchema> | undefined> => {
    try {
      const response = await fetch(`${url}/store`);
      if (!response.ok) return undefined;
      return storeSchema.parse(await response.json());
    } catch {
      return undefined;
    }
  };
  return {
    async lookup(claimTag: string, sendingAt: Date): Promise<Evidence> {
      if (!snapshot || Date.now() - snapshot.at > 2000) snapshot = { at: Date.now(), store: readStore() };
      const store = await snapshot.store;
      if (!store) return { state: 'unknown' };
      const header = CLAIM_HEADER.toLowerCase();
      const taken = store.emails.find((e) =>
        e.headers?.some((h) => h.name.toLowerCase() === header && h.value === claimTag),
      );
      if (taken) return { state: 'taken', messageId: taken.messageId };
      if (startedAt && startedAt.getTime() <= sendingAt.getTime()) return { state: 'absent' };
      return { state: 'unknown' };
    },
  };
}
