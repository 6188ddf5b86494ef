// `kpi score`: scores one engineer-month from a JSON file (the ScoringInput contract) and prints the score
// card, as JSON (default) or as a table in zh-CN or en. Nothing needs AWS: the engine is pure.
// The file may also be a worked case, `{ "input": {…}, "expect": { "resolution": 30, "total": 95 } }` (the
// spec's examples): its input is scored and every expected figure is checked.
import { Command, Option } from 'commander';
import * as z from 'zod';
import { LANGUAGES, type Language } from '#shared/domain/values.ts';
import { defaultRubric } from '#shared/rubric/default.ts';
import { INDICATOR_KEYS } from '#shared/rubric/indicators.ts';
import { loadRubric, type Rubric } from '#shared/rubric/schema.ts';
import { scoreEngineerMonth } from '#shared/scoring/engine.ts';
import { scoringInputSchema } from '#shared/scoring/input.ts';
import type { ScoreCard } from '#shared/scoring/scoreCard.ts';
import { CheckFailedError } from '../support/errors.ts';
import { againstFile, parseJsonFile, readJsonFile } from '../support/files.ts';
import { renderScoreCardTable } from '../support/scoreCardTable.ts';

const SCORE_FORMATS = ['json', 'table'] as const;

interface ScoreOptions {
  input: string;
  rubric?: string;
  format: (typeof SCORE_FORMATS)[number];
  lang: Language;
}

const FIGURES = [...INDICATOR_KEYS, 'total'] as const;

/** A worked case: the facts and, optionally, the figures they must score. */
const workedCaseSchema = z.strictObject({
  input: scoringInputSchema,
  expect: z
    .partialRecord(z.enum(FIGURES, { error: `expected one of ${FIGURES.join(', ')}` }), z.number())
    .optional(),
});

/** A worked case is an object with `input` and no `month`; anything else is read as plain input. */
function isWorkedCase(json: unknown): boolean {
  return typeof json === 'object' && json !== null && 'input' in json && !('month' in json);
}

interface ScoreResult {
  /** What goes to stdout. */
  output: string;
  /** For a worked case: each expected figure the card does not match, as `expect.<figure>: …`. */
  mismatches: string[];
}

/**
 * Scores the file named by --input.
 * 1. Reads and validates the rubric (the default unless --rubric names a file).
 * 2. Reads and validates the input file (plain input or worked case).
 * 3. Scores it, renders the score card, and checks a worked case's expected figures.
 * Throws UsageError / InvalidFileError (exit 2) with one line per problem, before anything is printed.
 */
function scoreFile(options: ScoreOptions): ScoreResult {
  const rubric: Rubric =
    options.rubric === undefined
      ? defaultRubric
      : againstFile(options.rubric, () => loadRubric(readJsonFile(options.rubric!, '--rubric')));
  const json = readJsonFile(options.input, '--input');
  const { input, expect } = isWorkedCase(json)
    ? parseJsonFile(options.input, '--input', workedCaseSchema, json)
    : { input: parseJsonFile(options.input, '--input', scoringInputSchema, json), expect: undefined };
  const card = againstFile(options.input, () => scoreEngineerMonth(input, rubric));
  const output =
    options.format === 'table'
      ? renderScoreCardTable(card, rubric, options.lang)
      : `${JSON.stringify(card, null, 2)}\n`;
  return { output, mismatches: expect ? mismatchesOf(card, expect) : [] };
}

/** What `kpi score` prints on stdout (throws CheckFailedError when a worked case scores otherwise). */
export function scoreOutput(options: ScoreOptions): string {
  const { output, mismatches } = scoreFile(options);
  if (mismatches.length > 0) throw new CheckFailedError(mismatches.map((m) => `${options.input}: ${m}`));
  return output;
}

function mismatchesOf(card: ScoreCard, expect: Partial<Record<(typeof FIGURES)[number], number>>): string[] {
  const out: string[] = [];
  for (const [figure, expected] of Object.entries(expect)) {
    const scored = figure === 'total' ? card.total : card.indicators.find((i) => i.key === figure)!.points;
    if (scored !== expected) out.push(`expect.${figure}: expected ${expected}, scored ${scored}`);
  }
  return out;
}

export function scoreCommand(): Command {
  return new Command('score')
    .description('score one engineer-month from a JSON file and print the score card')
    .requiredOption(
      '-i, --input <file>',
      'the engineer-month facts (JSON), or a worked case { input, expect }',
    )
    .option(
      '-r, --rubric <file>',
      'a custom rubric (JSON, e.g. a copy of examples/rubric.json); default: the KPI sheet',
    )
    .addOption(new Option('-f, --format <format>', 'output format').choices(SCORE_FORMATS).default('json'))
    .addOption(
      new Option('-l, --lang <language>', 'language of the table').choices(LANGUAGES).default('zh-CN'),
    )
    .action((options: ScoreOptions) => {
      // The card is printed even when a worked case's check fails: it shows what was scored instead.
      const { output, mismatches } = scoreFile(options);
      process.stdout.write(output);
      if (mismatches.length > 0) throw new CheckFailedError(mismatches.map((m) => `${options.input}: ${m}`));
    });
}
