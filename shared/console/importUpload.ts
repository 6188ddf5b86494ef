// CSV import by upload (console.md "What it shows" 6): a file is checked whole — its header and every row with the
// kind's schema (shared/import/csv.ts), then every batch by the admin import use case in a dry run, so references
// (an engineerId naming no engineer, a final month) are found too — and EVERY problem is listed by line and column
// with nothing written. A good file comes back as a summary and a sealed copy of its checked rows, which the
// confirm button posts back: the rows imported are exactly the rows the admin saw checked, without a second
// upload. The copy is encrypted and bound to the user who checked it (jose, the session key's own audience),
// deflated so a large file still fits a form, and expires after half an hour.
import { deflateRawSync, inflateRawSync } from 'node:zlib';
import { CompactEncrypt, compactDecrypt } from 'jose';
import type { AdminContext } from '../admin/context.ts';
import { type ImportResult, importRows } from '../admin/import.ts';
import { ValidationError } from '../errors.ts';
import { IMPORT_BATCH_ROWS, IMPORT_KINDS, type ImportKind, parseImportFile } from '../import/csv.ts';
import * as z from '../schema.ts';
import { parseWith } from '../validation.ts';
import type { Principal } from './roles.ts';
import { consoleKeys } from './session.ts';

/**
 * The most rows one upload takes: checking and importing 1,000 engineers took 0.6 s and 1.1 s on DynamoDB Local,
 * 5,000 took 4.7 s and 19.5 s — past the console function's 10-second timeout. Larger files go in parts, or
 * through `kpi import`, which sends batches one request at a time.
 */
export const UPLOAD_MAX_ROWS = 2_000;

/** A sealed copy of checked rows is good for this long: time to read the summary and confirm. */
export const CHECKED_IMPORT_SECONDS = 30 * 60;

/** One problem of a file, where a spreadsheet user finds it. */
export interface FileProblem {
  line: number;
  column: string | null;
  message: string;
}

export type ImportCheck =
  | { ok: false; kind: ImportKind; problems: FileProblem[] }
  | { ok: true; kind: ImportKind; rows: number; created: number; updated: number; sealed: string };

const kindInput = z.strictObject({
  kind: z.enum(IMPORT_KINDS, { error: `expected one of ${IMPORT_KINDS.join(', ')}` }),
});

/** Which kind of file: a 400 naming `kind` otherwise. */
export function importKind(value: string | undefined): ImportKind {
  return parseWith(kindInput, { kind: value }).kind;
}

interface CheckedRows {
  kind: ImportKind;
  rows: Record<string, unknown>[];
  lines: number[];
}

/** The use case's per-row problems (`rows[3].email`, "line 5: reason") as lines and columns of the file. */
function fileProblems(error: ValidationError): FileProblem[] {
  return error.problems.map((p) => {
    const column = /^rows\[\d+\]\.(.+)$/.exec(p.path)?.[1] ?? null;
    const line = /^line (\d+): (.*)$/s.exec(p.message);
    return line
      ? { line: Number(line[1]), column, message: line[2]! }
      : { line: 1, column, message: p.message };
  });
}

/** Problems each once, in file order (a row's own problem and a batch's dry run may name the same thing). */
function inFileOrder(problems: FileProblem[]): FileProblem[] {
  const seen = new Set<string>();
  return problems
    .filter((p) => {
      const key = `${p.line}\n${p.column}\n${p.message}`;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    })
    .sort((a, b) => a.line - b.line);
}

/**
 * Every batch through the admin import use case; a dry run goes on past a refused batch so that the problems of
 * the whole file are found in one pass. Returns the totals and the problems.
 */
async function sendBatches(
  ctx: AdminContext,
  checked: CheckedRows,
  dryRun: boolean,
): Promise<{ result: ImportResult; problems: FileProblem[] }> {
  const result: ImportResult = { kind: checked.kind, rows: 0, created: 0, updated: 0, dryRun };
  const problems: FileProblem[] = [];
  for (let i = 0; i < checked.rows.length; i += IMPORT_BATCH_ROWS) {
    try {
      const batch = await importRows(ctx, {
        kind: checked.kind,
        rows: checked.rows.slice(i, i + IMPORT_BATCH_ROWS),
        lines: checked.lines.slice(i, i + IMPORT_BATCH_ROWS),
        dryRun,
      });
      result.rows += batch.rows;
      result.created += batch.created;
      result.updated += batch.updated;
    } catch (error) {
      if (!(dryRun && error instanceof ValidationError)) throw error;
      problems.push(...fileProblems(error));
    }
  }
  return { result, problems };
}

/**
 * An uploaded file's text: UTF-8 (with or without a BOM) when it is valid UTF-8, else GB18030 — what Excel on a
 * Chinese Windows writes when a sheet is saved as plain "CSV", which read as UTF-8 would turn every name into
 * replacement characters. Either way the same table reaches the check.
 */
export function csvText(bytes: Uint8Array): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return new TextDecoder('gb18030').decode(bytes);
  }
}

/**
 * Checks an uploaded file, writing nothing.
 * 1. Read the CSV: a malformed file or a wrong header stops here (its rows cannot be read).
 * 2. Check every row with the kind's schema, and every batch with the import use case in a dry run.
 * 3. Any problem: all of them, by line and column. None: the counts and the sealed rows to confirm with.
 */
export async function checkImportFile(
  ctx: AdminContext,
  principal: Principal,
  kind: ImportKind,
  text: string,
  now: Date,
): Promise<ImportCheck> {
  const parsed = parseImportFile(kind, text);
  const local = parsed.problems.map(({ line, column, message }) => ({ line, column, message }));
  if (parsed.problems.some((p) => p.index < 0)) return { ok: false, kind, problems: local };
  if (parsed.inputs.length === 0) {
    return {
      ok: false,
      kind,
      problems: [{ line: 2, column: null, message: 'the file has a header but no rows' }],
    };
  }
  if (parsed.inputs.length > UPLOAD_MAX_ROWS) {
    const message = `the file has ${parsed.inputs.length} rows; the console imports at most ${UPLOAD_MAX_ROWS} at once: split the file, or use kpi import`;
    return { ok: false, kind, problems: [{ line: parsed.lines[UPLOAD_MAX_ROWS]!, column: null, message }] };
  }
  const checked: CheckedRows = { kind, rows: parsed.inputs, lines: parsed.lines };
  const { result, problems } = await sendBatches(ctx, checked, true);
  const all = inFileOrder([...local, ...problems]);
  if (all.length > 0) return { ok: false, kind, problems: all };
  return {
    ok: true,
    kind,
    rows: result.rows,
    created: result.created,
    updated: result.updated,
    sealed: await sealChecked(checked, principal, now),
  };
}

/**
 * Imports the rows a check sealed. They are checked again first (a dry run of every batch: the table may have
 * changed since), so a file that has gone bad meanwhile is refused whole, by line and column, before any write.
 */
export async function importCheckedRows(
  ctx: AdminContext,
  principal: Principal,
  sealed: string | undefined,
  now: Date,
): Promise<{ ok: true; result: ImportResult } | { ok: false; kind: ImportKind; problems: FileProblem[] }> {
  const checked = await openChecked(sealed, principal, now);
  const again = await sendBatches(ctx, checked, true);
  if (again.problems.length > 0) {
    return { ok: false, kind: checked.kind, problems: inFileOrder(again.problems) };
  }
  return { ok: true, result: (await sendBatches(ctx, checked, false)).result };
}

const sealedSchema = z.strictObject({
  kind: z.enum(IMPORT_KINDS),
  rows: z.array(z.record(z.string(), z.unknown())),
  lines: z.array(z.number()),
  sub: z.string(),
  exp: z.number(),
});

async function sealChecked(checked: CheckedRows, principal: Principal, now: Date): Promise<string> {
  const payload = {
    ...checked,
    sub: principal.sub,
    exp: Math.floor(now.getTime() / 1000) + CHECKED_IMPORT_SECONDS,
  };
  return new CompactEncrypt(deflateRawSync(Buffer.from(JSON.stringify(payload))))
    .setProtectedHeader({ alg: 'dir', enc: 'A256GCM', cty: 'kpi-checked-import' })
    .encrypt((await consoleKeys()).session);
}

async function openChecked(
  sealed: string | undefined,
  principal: Principal,
  now: Date,
): Promise<CheckedRows> {
  const refused = (message: string) => new ValidationError([{ path: 'checked', message }]);
  if (!sealed) throw refused('no checked file was sent: upload the file again');
  let payload: unknown;
  try {
    const { plaintext, protectedHeader } = await compactDecrypt(sealed, (await consoleKeys()).session);
    if (protectedHeader.cty !== 'kpi-checked-import') throw new Error('not a checked import');
    payload = JSON.parse(inflateRawSync(plaintext).toString('utf8'));
  } catch {
    throw refused(
      'the checked file could not be read (changed, or sealed with another key): upload it again',
    );
  }
  const parsed = z.safeParse(sealedSchema, payload);
  if (!parsed.success || parsed.data.sub !== principal.sub) {
    throw refused('the checked file is not one you checked: upload it again');
  }
  if (parsed.data.exp * 1000 <= now.getTime()) {
    throw refused(`the check is older than ${CHECKED_IMPORT_SECONDS / 60} minutes: upload the file again`);
  }
  const { kind, rows, lines } = parsed.data;
  return { kind, rows, lines };
}
