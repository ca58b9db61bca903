// `cxas-eval emulator`. Placeholder until its issue lands: fails loudly, never pretends to work.
import type { Command } from 'commander';
import { CliError } from './exit-codes.js';

export function registerEmulator(program: Command): void {
  program
    .command('emulator')
    .description('(not yet implemented)')
    .allowUnknownOption()
    .argument('[args...]')
    .action(() => {
      throw new CliError('cxas-eval emulator is not implemented yet', 2);
    });
}
