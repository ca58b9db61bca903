// `cxas-eval chat`. Placeholder until its issue lands: fails loudly, never pretends to work.
import type { Command } from 'commander';
import { CliError } from './exit-codes.js';

export function registerChat(program: Command): void {
  program
    .command('chat')
    .description('(not yet implemented)')
    .allowUnknownOption()
    .argument('[args...]')
    .action(() => {
      throw new CliError('cxas-eval chat is not implemented yet', 2);
    });
}
