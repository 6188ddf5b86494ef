// The `kpi` command line: one registration line per command group (cli/commands/), one shared error path
// (cli/support/errors.ts). Run with `npm run kpi -- <command> …`.
import '../local/quiet-sdk.ts';
import { Command } from 'commander';
import { adminCommands } from './commands/admin.ts';
import { importCommand } from './commands/import.ts';
import { monthCommands } from './commands/month.ts';
import { scoreCommand } from './commands/score.ts';
import { runProgram } from './support/errors.ts';

const program = new Command('kpi').description(
  'presales-kpi: monthly KPI scoring of pre-sales technical support engineers',
);

program.addCommand(scoreCommand());
for (const command of adminCommands()) program.addCommand(command);
program.addCommand(importCommand());
for (const command of monthCommands()) program.addCommand(command);

await runProgram(program);
