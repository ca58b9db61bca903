// `cxas-eval merge-reports`. Placeholder until its issue lands: fails loudly, never pretends to work.
import type { Command } from 'commander';
import { CliError } from './exit-codes.js';

export function registerMergeReports(program: Command): void {
  program
    .command('merge-reports')
    .description('(not yet implemented)')
    .allowUnknownOption()
    .argument('[args...]')
    .action(() => {
      throw new CliError('cxas-eval merge-reports is not implemented yet', 2);
    });
}
