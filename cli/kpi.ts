// The `kpi` command line (cli/program.ts), run with one shared error path (cli/support/errors.ts). Run with
// `npm run kpi -- <command> …`.
import '../local/quiet-sdk.ts';
import { kpiProgram } from './program.ts';
import { runProgram } from './support/errors.ts';

await runProgram(kpiProgram());
