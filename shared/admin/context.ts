// What every admin use case receives: the storage, the clock, and who is acting (the admin token's name or, on
// AWS, the IAM principal), plus the one helper that turns an unparsed input into a typed one or a ValidationError.
import type { MonthRuns } from '../pipeline/monthRuns.ts';
import type * as z from '../schema.ts';
import type { Storage } from '../storage/client.ts';
import { parseWith } from '../validation.ts';

export interface AdminContext {
  storage: Storage;
  /** The clock; tests pass a fixed one. */
  now: () => Date;
  /**
   * Who is acting: the actor of every change in the record of changes (the IAM principal on AWS, the admin
   * token's name locally, the signed-in user in the console), and `by` where the input does not name someone.
   */
  actor: string;
  /**
   * Starts a month's scoring run (finalise, `POST /admin/months/{month}/run`): in-process on one machine, the
   * scoring queue on AWS. Absent where nothing can run (a use case that needs it says so).
   */
  runs?: MonthRuns | undefined;
}

/** Parses `input` with `schema`; a ValidationError lists every bad field (nothing has been written yet). */
export function parseInput<S extends z.core.$ZodType>(schema: S, input: unknown): z.output<S> {
  return parseWith(schema, input ?? {});
}
