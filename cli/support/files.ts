// Reading the files a command is given: a missing file or one that is not JSON is a one-line usage error;
// content is parsed with the caller's zod schema and refused with one problem per field.
import { readFileSync } from 'node:fs';
import { ValidationError } from '#shared/errors.ts';
import type * as z from '#shared/schema.ts';
import { parseWith } from '#shared/validation.ts';
import { InvalidFileError, UsageError } from './errors.ts';

/** The parsed JSON of a file; `option` names where it came from in messages (e.g. `--input`). */
export function readJsonFile(path: string, option: string): unknown {
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason =
      code === 'ENOENT'
        ? 'no such file'
        : code === 'EISDIR'
          ? 'it is a directory'
          : code === 'EACCES'
            ? 'permission denied'
            : (code ?? 'unreadable');
    throw new UsageError(`cannot read ${option} ${path}: ${reason}`);
  }
  const text = utf8Text(bytes, `${option} ${path}`);
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new UsageError(
      `${option} ${path} is not valid JSON: ${jsonErrorReason((error as Error).message, text)}`,
    );
  }
}

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });

/**
 * A file's bytes as UTF-8 text (a UTF-8 byte-order mark is dropped). Anything else is a one-line usage error
 * that says what the file is instead, and never echoes its bytes to the terminal.
 */
function utf8Text(bytes: Buffer, what: string): string {
  const [b0, b1, b2, b3] = bytes;
  if (
    (b0 === 0xff && b1 === 0xfe && b2 === 0 && b3 === 0) ||
    (b0 === 0 && b1 === 0 && b2 === 0xfe && b3 === 0xff)
  )
    throw new UsageError(`${what} is UTF-32 text, which is not supported; save it as UTF-8`);
  if ((b0 === 0xff && b1 === 0xfe) || (b0 === 0xfe && b1 === 0xff) || looksLikeUtf16(bytes))
    throw new UsageError(`${what} is UTF-16 text, which is not supported; save it as UTF-8`);
  // NUL never occurs in JSON text (not even escaped as a raw byte), but it is in almost every binary file.
  if (bytes.includes(0)) throw new UsageError(`${what} is not UTF-8 text: it holds binary data`);
  try {
    return utf8.decode(bytes);
  } catch {
    throw new UsageError(
      `${what} is not UTF-8 text (perhaps GBK or another legacy encoding); save it as UTF-8`,
    );
  }
}

/** UTF-16 without a byte-order mark: mostly ASCII, so every other byte of the first ones is NUL. */
function looksLikeUtf16(bytes: Buffer): boolean {
  const n = Math.min(bytes.length, 64) & ~1;
  if (n < 4) return false;
  let evenNuls = 0;
  let oddNuls = 0;
  for (let i = 0; i < n; i += 2) {
    if (bytes[i] === 0) evenNuls++;
    if (bytes[i + 1] === 0) oddNuls++;
  }
  const half = n / 2;
  return (evenNuls === half && oddNuls === 0) || (oddNuls === half && evenNuls === 0);
}

/**
 * JSON.parse's reason without the excerpt of the file it quotes (which may hold control characters or half a
 * line), with the position as a line and column.
 */
function jsonErrorReason(message: string, text: string): string {
  const reason = message
    .split('\n')[0]!
    .replace(/, ".*$/, '')
    .replace(/ in JSON at position \d+.*$/, '')
    .replace(/ at position \d+.*$/, '');
  const position = /at position (\d+)/.exec(message);
  const printable = reason.replace(
    /[\p{Cc}\u2028\u2029]/gu,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
  if (position === null) return printable;
  const before = text.slice(0, Number(position[1]));
  const line = before.split('\n').length;
  const column = before.length - before.lastIndexOf('\n');
  return `${printable} at line ${line}, column ${column}`;
}

/**
 * Parses a file's JSON with a schema; problems are reported with the file name and each JSON path.
 * `json` skips reading the file again when the caller already has its content.
 */
export function parseJsonFile<S extends z.core.$ZodType>(
  path: string,
  option: string,
  schema: S,
  json: unknown = readJsonFile(path, option),
): z.output<S> {
  return againstFile(path, () => parseWith(schema, json));
}

/** Runs a step that may throw ValidationError about a file's content, reporting it against that file. */
export function againstFile<T>(path: string, step: () => T): T {
  try {
    return step();
  } catch (error) {
    if (error instanceof ValidationError) throw new InvalidFileError(path, error.problems);
    throw error;
  }
}
