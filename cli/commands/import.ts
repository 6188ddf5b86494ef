// `kpi import <kind> FILE`: imports a CSV file of engineers, respondents, projects or support requests through
// the admin API, all or nothing: every row is checked here first (and every batch by the API in a dry run)
// before any batch is written. Bad rows are listed by line, column and reason; long files show progress.
import { readFileSync } from 'node:fs';
import { SingleBar } from 'cli-progress';
import { Argument, Command } from 'commander';
import type { ImportResult } from '#shared/admin/import.ts';
import { ValidationError } from '#shared/errors.ts';
import {
  IMPORT_BATCH_ROWS,
  IMPORT_KINDS,
  IMPORT_SPECS,
  type ImportKind,
  parseImportFile,
} from '#shared/import/csv.ts';
import { countEn } from '#shared/plural.ts';
import type { FieldProblem } from '#shared/validation.ts';
import { API_OPTIONS, type ApiOptions, type ApiTarget, callAdmin, resolveApiTarget } from '../support/api.ts';
import { InvalidFileError, UsageError } from '../support/errors.ts';
import { callsRoute, routeNamed } from '../support/routeCommands.ts';

/** The route `kpi import` sends each batch to (shared/admin/routes.ts). */
const importRoute = routeNamed('import');

interface ImportOptions extends ApiOptions {
  dryRun?: boolean;
  /** Show a progress bar (default: when stderr is a terminal and the file has more than one batch). */
  progress?: boolean;
}

function readText(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new UsageError(
      `cannot read ${file}: ${code === 'ENOENT' ? 'no such file' : (code ?? 'unreadable')}`,
    );
  }
}

/** The API's per-row problems (`rows[3].email`, "line 5: reason") as the file's lines and columns. */
function asFileProblems(error: ValidationError): FieldProblem[] {
  return error.problems.map((p) => {
    const column = /^rows\[\d+\]\.(.+)$/.exec(p.path)?.[1];
    const line = /^line (\d+): (.*)$/s.exec(p.message);
    if (!line) return p;
    return { path: `line ${line[1]}${column ? `, column ${column}` : ''}`, message: line[2]! };
  });
}

/** Problems as `line N, column C: reason`, each once, in file order. */
function inFileOrder(problems: FieldProblem[]): FieldProblem[] {
  const seen = new Set<string>();
  const lineOf = (p: FieldProblem) => Number(/^line (\d+)/.exec(p.path)?.[1] ?? 0);
  return problems
    .filter((p) => {
      const key = `${p.path}\n${p.message}`;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    })
    .sort((a, b) => lineOf(a) - lineOf(b));
}

/**
 * Imports one file.
 * 1. Read and parse the CSV; check the header and every row with the kind's schema (nothing sent yet). A file
 *    that cannot be read or whose header is wrong stops here: its rows cannot be checked.
 * 2. Send every batch as a dry run, so the API checks references (e.g. engineerId) for the whole file — also
 *    when rows are already known to be bad, so every problem of the file is reported in one pass.
 * 3. Send the batches for real.
 * Throws InvalidFileError listing every problem (exit 2); writes nothing in that case.
 */
export async function importFile(
  kind: ImportKind,
  file: string,
  options: ImportOptions,
): Promise<ImportResult> {
  const parsed = parseImportFile(kind, readText(file));
  const local = parsed.problems.map((p) => ({
    path: `line ${p.line}${p.column ? `, column ${p.column}` : ''}`,
    message: p.message,
  }));
  if (parsed.problems.some((p) => p.index < 0)) throw new InvalidFileError(file, local);
  if (parsed.inputs.length === 0) throw new UsageError(`${file} has a header but no rows`);
  const target: ApiTarget = resolveApiTarget(options);
  const batches: Array<{ rows: Record<string, unknown>[]; lines: number[] }> = [];
  for (let i = 0; i < parsed.inputs.length; i += IMPORT_BATCH_ROWS) {
    batches.push({
      rows: parsed.inputs.slice(i, i + IMPORT_BATCH_ROWS),
      lines: parsed.lines.slice(i, i + IMPORT_BATCH_ROWS),
    });
  }
  const showProgress = options.progress ?? (process.stderr.isTTY === true && batches.length > 1);
  const bar = showProgress
    ? new SingleBar({
        format: '{phase} [{bar}] {value}/{total} rows',
        hideCursor: true,
        stream: process.stderr,
      })
    : undefined;
  const send = async (dryRun: boolean, phase: string) => {
    const total: ImportResult = { kind, rows: 0, created: 0, updated: 0, dryRun };
    const problems: FieldProblem[] = [];
    bar?.start(parsed.inputs.length, 0, { phase });
    for (const batch of batches) {
      try {
        const result = (await callAdmin(target, importRoute.method, importRoute.path, {
          kind,
          ...batch,
          dryRun,
        })) as ImportResult;
        total.rows += result.rows;
        total.created += result.created;
        total.updated += result.updated;
      } catch (error) {
        // A dry run goes on through the file, so one message lists the problems of every batch.
        if (!(dryRun && error instanceof ValidationError)) throw error;
        problems.push(...asFileProblems(error));
      }
      bar?.increment(batch.rows.length);
    }
    bar?.stop();
    return { total, problems };
  };
  try {
    const checked = await send(true, 'checking ');
    const problems = inFileOrder([...local, ...checked.problems]);
    if (problems.length > 0) throw new InvalidFileError(file, problems);
    if (options.dryRun) return checked.total;
    return (await send(false, 'importing')).total;
  } catch (error) {
    bar?.stop();
    if (error instanceof ValidationError) throw new InvalidFileError(file, asFileProblems(error));
    throw error;
  }
}

export function importCommand(): Command {
  const columns = IMPORT_KINDS.map(
    (k) => `  ${k}: ${IMPORT_SPECS[k].required.join(', ')} [${IMPORT_SPECS[k].optional.join(', ')}]`,
  ).join('\n');
  const command = callsRoute(new Command('import'), importRoute)
    .description('import a CSV file through the admin API, all or nothing')
    .addArgument(new Argument('<kind>', 'what the file holds').choices(IMPORT_KINDS as unknown as string[]))
    .argument('<file>', 'the CSV file (header row with the column names below)')
    .option('--dry-run', 'check the whole file, write nothing');
  for (const [flags, description] of API_OPTIONS) command.option(flags, description);
  return command
    .addHelpText(
      'after',
      `\nColumns (required [optional]); lists such as leave are written a;b;c:\n${columns}\n`,
    )
    .action(async (kind: ImportKind, file: string, options: ImportOptions) => {
      const result = await importFile(kind, file, options);
      process.stdout.write(
        `${result.dryRun ? 'checked' : 'imported'} ${countEn(result.rows, kind.slice(0, -1), kind)} from ${file}: ${result.created} new, ${result.updated} updated${result.dryRun ? ' (dry run, nothing written)' : ''}\n`,
      );
    });
}
