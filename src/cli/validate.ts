// `cxas-eval validate`. Placeholder until its issue lands: fails loudly, never pretends to work.
import type { Command } from 'commander';
import { CliError } from './exit-codes.js';

export function registerValidate(program: Command): void {
  program
    .command('validate')
    .description('(not yet implemented)')
    .allowUnknownOption()
    .argument('[args...]')
    .action(() => {
      throw new CliError('cxas-eval validate is not implemented yet', 2);
    });
}
