// The `kpi` program: one registration line per command group (cli/commands/). Built by a function so a test can
// walk every command without running one.
import { Command } from 'commander';
import { adminCommands } from './commands/admin.ts';
import { importCommand } from './commands/import.ts';
import { monthCommands } from './commands/month.ts';
import { scoreCommand } from './commands/score.ts';

export function kpiProgram(): Command {
  const program = new Command('kpi').description(
    'presales-kpi: monthly KPI scoring of pre-sales technical support engineers',
  );
  program.addCommand(scoreCommand());
  for (const command of adminCommands()) program.addCommand(command);
  program.addCommand(importCommand());
  for (const command of monthCommands()) program.addCommand(command);
  return program;
}
