// Building blocks shared by the entity schemas: ids that are safe inside DynamoDB keys, names, emails, and the
// date/time primitives of the scoring contract (re-exported so there is one definition of a "date").

import * as z from '../schema.ts';
import { isoDate, isoTimestamp, monthId, timeZoneName } from './valueSchemas.ts';
import { LANGUAGES } from './values.ts';

export { isoDate, isoTimestamp, monthId, timeZoneName };

/**
 * An identifier chosen by a person or a spreadsheet (`e-001`, `acme-beijing`). Restricted so it can be placed in
 * a DynamoDB key (which uses `#` as separator) and in a URL path without escaping.
 */
export const entityId = z.string({ error: 'expected an id' }).check(
  z.trim(),
  z.regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/, {
    error: 'expected an id of 1–64 letters, digits, ".", "_" or "-", starting with a letter or digit',
  }),
);

export const personName = z
  .string({ error: 'expected a name' })
  .check(
    z.trim(),
    z.minLength(1, { error: 'must not be empty' }),
    z.maxLength(200, { error: 'at most 200 characters' }),
  );

export const email = z.pipe(
  z.string({ error: 'expected an email address' }).check(z.trim(), z.toLowerCase()),
  z.email({ error: 'expected an email address like name@example.com' }),
);

export const language = z.enum(LANGUAGES, { error: `expected one of ${LANGUAGES.join(', ')}` });

export const shortText = z
  .string({ error: 'expected text' })
  .check(
    z.trim(),
    z.minLength(1, { error: 'must not be empty' }),
    z.maxLength(200, { error: 'at most 200 characters' }),
  );

/** Free text a person writes (a report, a complaint); long but bounded so one item stays well under 400 KB. */
export const longText = (max = 5000) =>
  z
    .string({ error: 'expected text' })
    .check(z.trim(), z.maxLength(max, { error: `at most ${max} characters` }));

/** Who did it: a manager's name or address, as shown on reports. */
export const actor = z
  .string({ error: 'expected who did it' })
  .check(z.trim(), z.minLength(1), z.maxLength(200));

/** Accepts "true"/"false"/"yes"/"no"/"1"/"0" from CSV cells and query strings as well as real booleans. */
export const looseBoolean = z.pipe(
  z.transform((v: unknown) => {
    if (typeof v !== 'string') return v;
    const s = v.trim().toLowerCase();
    if (['true', 'yes', 'y', '1'].includes(s)) return true;
    if (['false', 'no', 'n', '0'].includes(s)) return false;
    return v;
  }),
  z.boolean({ error: 'expected true or false' }),
);

/** Accepts numbers written as strings (CSV, query strings). Empty string stays a string so it fails clearly. */
export const looseNumber = <S extends z.core.$ZodType>(schema: S) =>
  z.pipe(
    z.transform((v: unknown) => (typeof v === 'string' && v.trim() !== '' ? Number(v) : v)),
    schema,
  );
