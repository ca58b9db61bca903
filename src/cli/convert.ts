// `cxas-eval convert`. Placeholder until its issue lands: fails loudly, never pretends to work.
import type { Command } from 'commander';
import { CliError } from './exit-codes.js';

export function registerConvert(program: Command): void {
  program
    .command('convert')
    .description('(not yet implemented)')
    .allowUnknownOption()
    .argument('[args...]')
    .action(() => {
      throw new CliError('cxas-eval convert is not implemented yet', 2);
    });
}
