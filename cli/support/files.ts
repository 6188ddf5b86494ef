// Reading the files a command is given: a missing file or one that is not JSON is a one-line usage error;
// content is parsed with the caller's zod schema and refused with one problem per field.
import { readFileSync } from 'node:fs';
import type { z } from 'zod';
import { ValidationError } from '#shared/errors.ts';
import { fieldProblems } from '#shared/validation.ts';
import { InvalidFileError, UsageError } from './errors.ts';

/** The parsed JSON of a file; `option` names where it came from in messages (e.g. `--input`). */
export function readJsonFile(path: string, option: string): unknown {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
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
  try {
    return JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  } catch (error) {
    throw new UsageError(`${option} ${path} is not valid JSON: ${(error as Error).message.split('\n')[0]}`);
  }
}

/**
 * Parses a file's JSON with a schema; problems are reported with the file name and each JSON path.
 * `json` skips reading the file again when the caller already has its content.
 */
export function parseJsonFile<S extends z.ZodType>(
  path: string,
  option: string,
  schema: S,
  json: unknown = readJsonFile(path, option),
): z.output<S> {
  const parsed = schema.safeParse(json);
  if (!parsed.success) throw new InvalidFileError(path, fieldProblems(parsed.error));
  return parsed.data;
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
