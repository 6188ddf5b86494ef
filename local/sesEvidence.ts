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
  return {
    async lookup(claimTag: string, sendingAt: Date): Promise<Evidence> {
      let store: z.output<typeof storeSchema>;
      try {
        const response = await fetch(`${url}/store`);
        if (!response.ok) return { state: 'unknown' };
        store = storeSchema.parse(await response.json());
      } catch {
        return { state: 'unknown' };
      }
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
