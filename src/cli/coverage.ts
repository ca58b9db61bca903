// `cxas-eval coverage <run>`: what of the app a stored run exercised, computed offline from its
// results.json against the app's inventory (an emulator app file, the app listed live, or the
// inventory the run stored).
import type { Command } from 'commander';
import { appOptions, exitCodeAction, type AppFlags } from './command-options.js';

export interface CoverageFlags extends AppFlags {
  apiVersion?: string;
  emulator?: string;
  minCoverage?: string;
  json?: boolean;
}

export function registerCoverage(program: Command): void {
  const cmd = program
    .command('coverage')
    .description("which of the app's agents, tools, transfers and variables a stored run exercised")
    .argument('<run>', 'a results.json, its report directory, or a history reference (@latest, @previous, @N, run id)');
  appOptions(cmd, 'local servers only')
    .option('--api-version <v>', 'v1 or v1beta')
    .option('--emulator <app.yaml>', 'measure against this emulator app file (nothing is contacted)')
    .option('--min-coverage <shares>', 'exit 1 below these covered shares, e.g. tools=0.9,agents=1')
    .option('--json', 'print the coverage block as JSON instead of text')
    .action(
      exitCodeAction(async (run: string, flags: CoverageFlags) =>
        (await import('./coverage-command.js')).coverageCommand(run, flags),
      ),
    );
}
