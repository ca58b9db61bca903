// What several commands declare alike, written once so that their flags, help and exit codes agree:
// the app a command reaches, the reports it writes, repeatable flags, and actions whose work
// returns the exit code.
import type { Command } from 'commander';
import { endpointOption } from './option-values.js';

/** A repeatable flag: every use adds its value. */
export const collect = (v: string, prev: string[] = []): string[] => [...prev, v];

/** What `appOptions` declares, as commander hands it over. */
export interface AppFlags {
  config?: string;
  app?: string;
  endpoint?: string;
  insecure?: boolean;
}

/** `-c/--config`, `--app`, `--endpoint`, `--insecure` (`plaintextFor`: the servers a plaintext channel suits). */
export function appOptions(cmd: Command, plaintextFor: string): Command {
  return cmd
    .option('-c, --config <file>', 'config file (default: cxas-eval.config.yaml)')
    .option('--app <name>', 'app resource name projects/../locations/../apps/..')
    .option('--endpoint <host:port>', 'CES endpoint (default ces.googleapis.com:443)', endpointOption)
    .option('--insecure', `plaintext channel without auth (${plaintextFor})`);
}

/** `--reporter` and `--output-dir` of a command that reports a run. */
export function reportOptions(cmd: Command): Command {
  return cmd
    .option('--reporter <names>', 'list,json,junit,html,github (repeatable or comma-separated)', collect)
    .option('--output-dir <dir>', 'where reports go (default reports)');
}

/** An action whose work returns the exit code: commands set process.exitCode, only main.ts exits. */
export function exitCodeAction<A extends unknown[]>(
  work: (...args: A) => Promise<number>,
): (...args: A) => Promise<void> {
  return async (...args) => {
    process.exitCode = await work(...args);
  };
}
