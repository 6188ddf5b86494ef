// The `kpi` command line: one registration line per command group (cli/commands/), one shared error path
// (cli/support/errors.ts). Run with `npm run kpi -- <command> …`.
import { Command } from 'commander';
import { scoreCommand } from './commands/score.ts';
import { runProgram } from './support/errors.ts';

const program = new Command('kpi').description(
  'presales-kpi: monthly KPI scoring of pre-sales technical support engineers',
);

program.addCommand(scoreCommand());

await runProgram(program);
