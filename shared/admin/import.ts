// Use case: importing rows of the roster or the evidence (engineers, respondents, projects, support requests),
// all or nothing. The CLI reads the CSV file (shared/import/csv.ts) and sends the rows here in batches, first
// as a dry run of every batch, so nothing is written unless every row of the file is good.
import { randomUUID } from 'node:crypto';
import type { Engineer, engineerInput } from '../domain/engineer.ts';
import type { SupportRequest, supportRequestInput } from '../domain/facts.ts';
import { localTimeWithZone } from '../domain/monthTimeline.ts';
import type { Project, projectInput } from '../domain/project.ts';
import type { Respondent, respondentInput } from '../domain/respondent.ts';
import { ValidationError } from '../errors.ts';
import {
  IMPORT_BATCH_ROWS,
  IMPORT_KINDS,
  type ImportKind,
  type RowProblem,
  validateRows,
} from '../import/csv.ts';
import * as z from '../schema.ts';
import { listEngineers, putEngineers } from '../storage/engineers.ts';
import { importSupportRequests, listSupportRequests, supportRequestMonth } from '../storage/facts.ts';
import { findMonthRecord } from '../storage/months.ts';
import { organisationTimezone } from '../storage/organisation.ts';
import { listProjects, putProject, putProjects } from '../storage/projects.ts';
import { listRespondents, putRespondents } from '../storage/respondents.ts';
import { type AdminContext, parseInput } from './context.ts';

export const importInput = z.strictObject({
  kind: z.enum(IMPORT_KINDS, { error: `expected one of ${IMPORT_KINDS.join(', ')}` }),
  rows: z
    .array(z.record(z.string(), z.unknown()), { error: 'expected rows: an array of objects' })
    .check(
      z.minLength(1, { error: 'no rows to import' }),
      z.maxLength(IMPORT_BATCH_ROWS, { error: `at most ${IMPORT_BATCH_ROWS} rows per request` }),
    ),
  /** The file line of each row, for the messages (defaults: row i is line i + 2, after a header). */
  lines: z.optional(z.array(z.number().check(z.int(), z.gte(1)))),
  /** Validate only; write nothing. */
  dryRun: z._default(z.boolean(), false),
});

export interface ImportResult {
  kind: ImportKind;
  rows: number;
  created: number;
  updated: number;
  dryRun: boolean;
}

function rejectIfAny(problems: RowProblem[]): void {
  if (problems.length === 0) return;
  throw new ValidationError(
    // In file order, whichever check found them.
    [...problems]
      .sort((a, b) => a.index - b.index)
      .map((p) => ({
        path: p.column ? `rows[${p.index}].${p.column}` : `rows[${p.index}]`,
        message: `line ${p.line}: ${p.message}`,
      })),
    `${problems.length} problem(s) in the rows; nothing was imported`,
  );
}

/**
 * Imports rows of one kind, all or nothing.
 * 1. Parse the envelope, then every row with the kind's domain schema (ids unique within the rows).
 * 2. Check references of the rows that parsed: a project's or support request's engineerId must name an engineer.
 * 3. Stop with a ValidationError listing every problem of every row at once, the rows' own and the references
 *    (line, column, reason) — nothing written.
 *    Support requests: a row due in a final month, or replacing a request due in one, is such a problem too.
 * 4. Unless a dry run: write in batches; rows with an existing id replace it (engineers keep their link
 *    version, everything keeps its createdAt; a project that moved is moved in a transaction). Support requests
 *    are changes of their months: written in guarded transactions of up to 100 items (~48 rows), each row with
 *    its record of changes (storage/facts.ts importSupportRequests says what is atomic).
 */
export async function importRows(ctx: AdminContext, input: unknown): Promise<ImportResult> {
  const envelope = parseInput(importInput, input);
  const lineOf = (i: number) => envelope.lines?.[i] ?? i + 2;
  const at = ctx.now().toISOString();
  const { kind } = envelope;

  if (kind === 'engineers') {
    const { valid, problems } = validateRows<z.output<typeof engineerInput>>(kind, envelope.rows, lineOf);
    rejectIfAny(problems);
    const existing = new Map((await listEngineers(ctx.storage)).map((e) => [e.id, e]));
    const engineers: Engineer[] = valid.map((row) => {
      const old = existing.get(row.id);
      return {
        ...row,
        dailyReportLinkVersion: old?.dailyReportLinkVersion ?? 1,
        createdAt: old?.createdAt ?? at,
        updatedAt: at,
      };
    });
    if (!envelope.dryRun) await putEngineers(ctx.storage, engineers);
    return result(
      kind,
      engineers.length,
      engineers.filter((e) => existing.has(e.id)).length,
      envelope.dryRun,
    );
  }

  if (kind === 'respondents') {
    const { valid, problems } = validateRows<z.output<typeof respondentInput>>(kind, envelope.rows, lineOf);
    rejectIfAny(problems);
    const existing = new Map((await listRespondents(ctx.storage)).map((r) => [r.id, r]));
    const respondents: Respondent[] = valid.map((row) => ({
      ...row,
      createdAt: existing.get(row.id)?.createdAt ?? at,
      updatedAt: at,
    }));
    if (!envelope.dryRun) await putRespondents(ctx.storage, respondents);
    return result(
      kind,
      respondents.length,
      respondents.filter((r) => existing.has(r.id)).length,
      envelope.dryRun,
    );
  }

  const engineerIds = new Set((await listEngineers(ctx.storage)).map((e) => e.id));
  const referenceProblems = (rows: Array<{ engineerId: string }>, indexes: number[]): RowProblem[] =>
    rows.flatMap((row, k) =>
      engineerIds.has(row.engineerId)
        ? []
        : [
            {
              index: indexes[k]!,
              line: lineOf(indexes[k]!),
              column: 'engineerId',
              message: `no engineer with id ${row.engineerId}`,
            },
          ],
    );

  if (kind === 'projects') {
    const { valid, indexes, problems } = validateRows<z.output<typeof projectInput>>(
      kind,
      envelope.rows,
      lineOf,
    );
    rejectIfAny([...problems, ...referenceProblems(valid, indexes)]);
    const existing = new Map((await listProjects(ctx.storage)).map((p) => [p.id, p]));
    const projects: Project[] = valid.map((row) => ({
      ...row,
      createdAt: existing.get(row.id)?.createdAt ?? at,
      updatedAt: at,
    }));
    if (!envelope.dryRun) {
      const moved = projects.filter((p) => {
        const old = existing.get(p.id);
        return old && old.engineerId !== p.engineerId;
      });
      for (const p of moved) await putProject(ctx.storage, p, existing.get(p.id));
      await putProjects(
        ctx.storage,
        projects.filter((p) => !moved.includes(p)),
      );
    }
    return result(kind, projects.length, projects.filter((p) => existing.has(p.id)).length, envelope.dryRun);
  }

  const { valid, indexes, problems } = validateRows<z.output<typeof supportRequestInput>>(
    kind,
    envelope.rows,
    lineOf,
  );
  // Requests given an id can be re-imported (they replace the stored one); read the stored ones once.
  const existing = new Map((await listSupportRequests(ctx.storage)).map((r) => [r.id, r]));
  const requests: SupportRequest[] = valid.map((row) => ({
    ...row,
    id: row.id ?? randomUUID(),
    createdAt: (row.id && existing.get(row.id)?.createdAt) || at,
    updatedAt: at,
  }));
  const timezone = await organisationTimezone(ctx.storage);
  rejectIfAny([
    ...problems,
    ...referenceProblems(valid, indexes),
    ...(await finalMonthProblems(ctx, requests, indexes, existing, timezone, lineOf)),
  ]);
  if (!envelope.dryRun) {
    await importSupportRequests(
      ctx.storage,
      requests.map((request) => ({ request, previous: existing.get(request.id) })),
      timezone,
      { actor: ctx.actor, at },
    );
  }
  return result(kind, requests.length, requests.filter((r) => existing.has(r.id)).length, envelope.dryRun);
}

/**
 * The rows that would change a final month: a request due in one, or replacing a stored request due in one. Each
 * is named by its line, with the month and since when it is final (the write's own guard still refuses a month
 * finalised after this check).
 */
async function finalMonthProblems(
  ctx: AdminContext,
  requests: SupportRequest[],
  indexes: number[],
  existing: Map<string, SupportRequest>,
  timezone: string,
  lineOf: (i: number) => number,
): Promise<RowProblem[]> {
  const monthsOf = (r: SupportRequest) => {
    const previous = existing.get(r.id);
    return [
      ...new Set([
        supportRequestMonth(r, timezone),
        ...(previous ? [supportRequestMonth(previous, timezone)] : []),
      ]),
    ];
  };
  const touched = [...new Set(requests.flatMap(monthsOf))];
  const records = await Promise.all(touched.map((m) => findMonthRecord(ctx.storage, m)));
  const final = new Map(
    records.flatMap((r) =>
      r?.state === 'final' ? [[r.month, localTimeWithZone(r.finalizedAt ?? new Date(0), r.timezone)]] : [],
    ),
  );
  if (final.size === 0) return [];
  return requests.flatMap((r, k) =>
    monthsOf(r)
      .filter((m) => final.has(m))
      .slice(0, 1)
      .map((m) => ({
        index: indexes[k]!,
        line: lineOf(indexes[k]!),
        column: 'dueAt',
        message: `${m} is final since ${final.get(m)}; an admin must reopen it to change it`,
      })),
  );
}

function result(kind: ImportKind, rows: number, updated: number, dryRun: boolean): ImportResult {
  return { kind, rows, created: rows - updated, updated, dryRun };
}
