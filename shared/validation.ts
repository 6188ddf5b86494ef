// Turns zod issues into the messages every boundary shows (CLI, HTTP, CSV): a JSON path and a reason.
import type { z } from 'zod';

export interface FieldProblem {
  /** JSON path of the offending value, e.g. `supportRequests[2].dueAt`; empty string for the whole value. */
  path: string;
  message: string;
}

export function jsonPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else out += out === '' ? String(part) : `.${String(part)}`;
  }
  return out;
}

export function fieldProblems(error: z.ZodError): FieldProblem[] {
  return error.issues.map((issue) => ({ path: jsonPath(issue.path), message: issue.message }));
}

export function formatProblems(problems: readonly FieldProblem[]): string[] {
  return problems.map((p) => `${p.path === '' ? '(root)' : p.path}: ${p.message}`);
}
