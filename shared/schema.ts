// The one zod the project's schemas are written with: zod/mini (functions instead of methods: `z.optional(s)`,
// `s.check(z.trim(), z.maxLength(n))`), which bundlers shake down to what a handler uses, where classic zod
// brings all of itself into every bundle that imports it once. Its English messages are the ones every
// boundary shows, as classic zod would give them.

import * as z from 'zod/mini';
import en from 'zod/v4/locales/en.js';

z.config(en());

export * from 'zod/mini';

/**
 * Classic zod's `schema.describe(text)`: a copy of the schema (the same definition) that carries the
 * description, for the OpenAPI document and the command line's help.
 */
export function described<T extends z.core.$ZodType>(schema: T, description: string): T {
  const copy = z.clone(schema);
  z.globalRegistry.add(copy, { description });
  return copy;
}
