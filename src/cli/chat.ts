// `cxas-eval chat`: an interactive session against an app, each turn printed like parseResult.
import { createInterface } from 'node:readline';
import type { Command } from 'commander';
import type { Sessions } from '../client/index.js';
import type { ChatIo } from './chat-session.js';
import { CliError, EXIT } from './exit-codes.js';

interface ChatFlags { app: string; endpoint?: string; insecure?: boolean; keyFile?: string; deployment?: string; toolFakes?: boolean; format?: string }

export function registerChat(program: Command): void {
  program
    .command('chat')
    .description('chat with an app interactively; each turn is printed with its tool calls, transfers and variables')
    .requiredOption('--app <name>', 'app resource: projects/{p}/locations/{l}/apps/{a}')
    .option('--endpoint <host:port>', 'CES endpoint (default ces.googleapis.com:443)')
    .option('--insecure', 'plaintext channel without auth (local emulator)')
    .option('--key-file <path>', 'service-account key file (default: CXAS_OAUTH_TOKEN, then ADC)')
    .option('--deployment <id>', 'deployment id or full name')
    .option('--tool-fakes', 'ask the agent to use tool fakes')
    .option('--format <f>', 'auto | ansi | plain', 'auto')
    .action(async (flags: ChatFlags) => {
      if (!['auto', 'ansi', 'plain'].includes(flags.format ?? 'auto')) throw new CliError(`--format must be auto, ansi or plain, got "${flags.format}"`, EXIT.usage);
      const [{ Sessions: SessionsClass }, { runChat }] = await Promise.all([import('../client/index.js'), import('./chat-session.js')]);
      let sessions: Sessions;
      try {
        sessions = new SessionsClass({
          appName: flags.app, insecure: flags.insecure ?? false,
          ...(flags.endpoint ? { endpoint: flags.endpoint } : {}),
          ...(flags.keyFile ? { credentials: { keyFile: flags.keyFile } } : {}),
          ...(flags.deployment ? { deploymentId: flags.deployment } : {}),
        });
      } catch (err) {
        throw new CliError((err as Error).message, EXIT.usage);
      }
      const rl = createInterface({ input: process.stdin, terminal: false });
      try {
        const io: ChatIo = { write: (t) => process.stdout.write(t), error: (t) => process.stderr.write(t) };
        const failures = await runChat(sessions, rl, io, flags.toolFakes ? { useToolFakes: true } : {}, flags.format as 'auto');
        process.exitCode = failures > 0 ? EXIT.failed : EXIT.ok;
      } finally {
        rl.close();
        sessions.close();
      }
    });
}
