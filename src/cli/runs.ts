// `cxas-eval runs`: the stored runs of the history, newest first (README "Run history").
import type { Command } from 'commander';
import { exitCodeAction } from './command-options.js';

export function registerRuns(program: Command): void {
  program
    .command('runs')
    .description('list the runs kept in the run history, newest first (@0 is the latest)')
    .option('-c, --config <file>', 'config file (default cxas-eval.config.yaml)')
    .option('--limit <n>', 'show at most n runs', '20')
    .action(
      exitCodeAction(async (flags: { config?: string; limit: string }) =>
        (await import('./runs-command.js')).listRuns(flags),
      ),
    );
}
