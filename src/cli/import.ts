// `cxas-eval import conversations`: conversations an app served (AgentService ListConversations /
// GetConversation) → spec files or goldens (README "Importing real conversations"). Its work
// (import-run.ts) loads only when it runs.
import type { Command } from 'commander';
import { appOptions, exitCodeAction } from './command-options.js';

export interface ImportFlags {
  config?: string;
  app?: string;
  endpoint?: string;
  insecure?: boolean;
  keyFile?: string;
  since?: string;
  until?: string;
  limit?: string;
  filter?: string;
  source: string;
  strict?: boolean;
  as: string;
  goldens?: string;
  outDir: string;
}

export function registerImport(program: Command): void {
  const imports = program.command('import').description('turn what an app did into specs');
  appOptions(
    imports
      .command('conversations')
      .description('write the conversations an app served as spec files (or specs with goldens), one file each'),
    'the local emulator',
  )
    .option('--key-file <path>', 'service-account key file (default: CXAS_OAUTH_TOKEN, then ADC)')
    .option('--since <date>', 'only conversations started at or after this date (2026-12-01 or RFC 3339)')
    .option('--until <date>', 'only conversations started before this date')
    .option('--limit <n>', 'only the n most recent conversations (after --since, --until and --filter)')
    .option('--filter <text>', 'only conversations whose user or agent text contains this (case-insensitive)')
    .option(
      '--source <list>',
      'which conversations, comma-separated: live (end users), eval (evaluation runs), simulator, agent-tool',
      'live',
    )
    .option('--strict', 'write match: strict (default: lenient)')
    .option('--as <kind>', 'specs (expectations) | goldens (specs compared with a golden each)', 'specs')
    .option('--goldens <dir>', 'where --as goldens writes the goldens (default: config goldensDir, else goldens)')
    .requiredOption('-o, --out-dir <dir>', 'the folder the spec files go to (existing files are kept)')
    .action(
      exitCodeAction(async (flags: ImportFlags) => {
        const { importCommand } = await import('./import-run.js');
        return importCommand(flags);
      }),
    );
}
