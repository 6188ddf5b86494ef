// `kpi score`: scores one engineer-month from a JSON file (the ScoringInput contract) and prints the score
// card, as JSON (default) or as a table in zh-CN or en. Nothing needs AWS: the engine is pure.
import { Command, Option } from 'commander';
import { defaultRubric } from '#shared/rubric/default.ts';
import { LANGUAGES, type Language } from '#shared/rubric/indicators.ts';
import { loadRubric, type Rubric } from '#shared/rubric/schema.ts';
import { scoreEngineerMonth } from '#shared/scoring/engine.ts';
import { scoringInputSchema } from '#shared/scoring/input.ts';
import { againstFile, parseJsonFile, readJsonFile } from '../support/files.ts';
import { renderScoreCardTable } from '../support/scoreCardTable.ts';

export const SCORE_FORMATS = ['json', 'table'] as const;

export interface ScoreOptions {
  input: string;
  rubric?: string;
  format: (typeof SCORE_FORMATS)[number];
  lang: Language;
}

/**
 * What `kpi score` prints on stdout.
 * 1. Reads and validates the rubric (the default unless --rubric names a file).
 * 2. Reads and validates the input file.
 * 3. Scores it and renders the score card.
 * Throws UsageError / InvalidFileError (exit 2) with one line per problem; prints nothing partial.
 */
export function scoreOutput(options: ScoreOptions): string {
  const rubric: Rubric =
    options.rubric === undefined
      ? defaultRubric
      : againstFile(options.rubric, () => loadRubric(readJsonFile(options.rubric!, '--rubric')));
  const input = parseJsonFile(options.input, '--input', scoringInputSchema);
  const card = againstFile(options.input, () => scoreEngineerMonth(input, rubric));
  return options.format === 'table'
    ? renderScoreCardTable(card, rubric, options.lang)
    : `${JSON.stringify(card, null, 2)}\n`;
}

export function scoreCommand(): Command {
  return new Command('score')
    .description('score one engineer-month from a JSON file and print the score card')
    .requiredOption(
      '-i, --input <file>',
      'the engineer-month facts (JSON, see ../shared/spec/scoring-input.md)',
    )
    .option('-r, --rubric <file>', 'a custom rubric (JSON); default: the KPI sheet')
    .addOption(new Option('-f, --format <format>', 'output format').choices(SCORE_FORMATS).default('json'))
    .addOption(
      new Option('-l, --lang <language>', 'language of the table').choices(LANGUAGES).default('zh-CN'),
    )
    .action((options: ScoreOptions) => {
      process.stdout.write(scoreOutput(options));
    });
}
