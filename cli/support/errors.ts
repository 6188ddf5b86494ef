// The command line's one error path: every command throws, and runProgram prints one line per problem
// on stderr (never a stack trace) and sets the exit code: 2 for bad usage, bad input or a month asked for too
// early, 1 for anything else.
import { type Command, CommanderError } from 'commander';
import { DomainError, MonthStateError, ValidationError } from '#shared/errors.ts';
import { type FieldProblem, formatProblems } from '#shared/validation.ts';

/** A mistake in how the command was called (a missing file, a file that is not JSON): exit 2. */
export class UsageError extends Error {}

/** A file whose content does not match its schema; each problem is printed with the file and JSON path. */
export class InvalidFileError extends Error {
  constructor(
    readonly file: string,
    readonly problems: FieldProblem[],
  ) {
    super(`${file}: invalid`);
  }
}

/** A check the command was asked to make did not hold (e.g. a worked case scored otherwise): exit 1. */
export class CheckFailedError extends Error {
  constructor(readonly lines: string[]) {
    super(lines[0] ?? 'check failed');
  }
}

const EXIT_FAILURE = 1;
const EXIT_USAGE = 2;

/** A terminal's screenful of problems; a file with 100,000 bad rows gets these and a count of the rest. */
export const MAX_PROBLEM_LINES = 20;

function problemLines(problems: readonly FieldProblem[], prefix = ''): string[] {
  const shown = formatProblems(problems.slice(0, MAX_PROBLEM_LINES)).map((line) => `${prefix}${line}`);
  const more = problems.length - MAX_PROBLEM_LINES;
  if (more > 0) shown.push(`… and ${more} more ${more === 1 ? 'problem' : 'problems'}`);
  return shown;
}

/** The lines and exit code an error becomes. */
export function describeError(error: unknown): { lines: string[]; exitCode: number } {
  if (error instanceof CommanderError) {
    // Commander has already printed its one-line message (unknown option, missing argument…).
    return { lines: [], exitCode: error.exitCode === 0 ? 0 : EXIT_USAGE };
  }
  if (error instanceof InvalidFileError) {
    return { lines: problemLines(error.problems, `${error.file}: `), exitCode: EXIT_USAGE };
  }
  if (error instanceof ValidationError) return { lines: problemLines(error.problems), exitCode: EXIT_USAGE };
  // Asked for a month too early (e.g. run-month of the current month): the one line says when it can be.
  if (error instanceof MonthStateError) return { lines: [error.message], exitCode: EXIT_USAGE };
  if (error instanceof CheckFailedError) return { lines: error.lines, exitCode: EXIT_FAILURE };
  if (error instanceof UsageError) return { lines: [`error: ${error.message}`], exitCode: EXIT_USAGE };
  if (error instanceof DomainError) return { lines: [`error: ${error.message}`], exitCode: EXIT_FAILURE };
  const message = error instanceof Error ? error.message : String(error);
  return { lines: [`error: ${message.split('\n')[0]}`], exitCode: EXIT_FAILURE };
}

/**
 * Every command in the tree throws instead of exiting, so runProgram handles all errors in one place, and
 * Commander's errors stay on one line (its "Did you mean …?" hint would be a second).
 */
function throwInsteadOfExit(command: Command): void {
  command.exitOverride().showSuggestionAfterError(false);
  for (const sub of command.commands) throwInsteadOfExit(sub);
}

/** Runs the program and maps any error to stderr lines and an exit code (set on process.exitCode). */
export async function runProgram(program: Command, argv: readonly string[] = process.argv): Promise<number> {
  throwInsteadOfExit(program);
  try {
    await program.parseAsync(argv as string[]);
    return 0;
  } catch (error) {
    const { lines, exitCode } = describeError(error);
    for (const line of lines) process.stderr.write(`${line}\n`);
    if (process.env.KPI_DEBUG && error instanceof Error && error.stack)
      process.stderr.write(`${error.stack}\n`);
    process.exitCode = exitCode;
    return exitCode;
  }
}
