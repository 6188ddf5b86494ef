// Turns zod issues into the messages every boundary shows (CLI, HTTP, CSV): a JSON path and a reason.

import { ValidationError } from './errors.ts';
import * as z from './schema.ts';

export interface FieldProblem {
  /** JSON path of the offending value, e.g. `supportRequests[2].dueAt`; empty string for the whole value. */
  path: string;
  message: string;
}

function jsonPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else out += out === '' ? String(part) : `.${String(part)}`;
  }
  return out;
}

/** How many unknown keys one problem names: a body of 100,000 unknown fields is not listed back in full. */
const NAMED_KEYS = 5;
/** The longest path or message a problem carries; an attacker's key can be as long as the body. */
const PROBLEM_CHARS = 300;
/** The most problems one answer lists (every one of a CSV file's is still reported by the import itself). */
export const MAX_PROBLEMS = 50;

function clip(text: string): string {
  return text.length > PROBLEM_CHARS ? `${text.slice(0, PROBLEM_CHARS - 1)}…` : text;
}

function unknownKeysMessage(keys: readonly string[]): string {
  const named = keys
    .slice(0, NAMED_KEYS)
    .map((k) => JSON.stringify(k.length > 40 ? `${k.slice(0, 39)}…` : k));
  const more = keys.length > NAMED_KEYS ? ` and ${keys.length - NAMED_KEYS} more` : '';
  return `unknown field${keys.length === 1 ? '' : 's'} ${named.join(', ')}${more}`;
}

export function fieldProblems(error: z.core.$ZodError): FieldProblem[] {
  return error.issues.map((issue) => ({
    path: jsonPath(issue.path),
    message: issue.code === 'unrecognized_keys' ? unknownKeysMessage(issue.keys) : issue.message,
  }));
}

/**
 * Problems as an answer may carry them: at most MAX_PROBLEMS, each path and message at most a few hundred
 * characters, so a hostile body cannot make the error response as large as itself.
 */
export function boundedProblems(problems: readonly FieldProblem[]): FieldProblem[] {
  const shown = problems
    .slice(0, MAX_PROBLEMS)
    .map((p) => ({ path: clip(p.path), message: clip(p.message) }));
  if (problems.length > MAX_PROBLEMS) {
    shown.push({ path: '', message: `and ${problems.length - MAX_PROBLEMS} more problems` });
  }
  return shown;
}

export function formatProblems(problems: readonly FieldProblem[]): string[] {
  return problems.map((p) => `${p.path === '' ? '(root)' : p.path}: ${p.message}`);
}

/**
 * Parses a value with a zod schema, or throws ValidationError with each field's path and reason: the one way a
 * boundary turns a failed parse into the domain's error. `message` says what was invalid (a fixed text, or one
 * made from the problems); `options` go to zod's parse as they are.
 */
export function parseWith<S extends z.core.$ZodType>(
  schema: S,
  value: unknown,
  message?: string | ((problems: FieldProblem[]) => string),
  options?: z.core.ParseContext<z.core.$ZodIssue>,
): z.output<S> {
  const parsed = z.safeParse(schema, value, options);
  if (parsed.success) return parsed.data;
  const problems = fieldProblems(parsed.error);
  throw new ValidationError(problems, typeof message === 'function' ? message(problems) : message);
}
