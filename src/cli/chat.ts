// `cxas-eval chat`: an interactive session, each turn printed like parseResult. With no app
// configured (flag, config, CXAS_APP) it serves the demo emulator in-process, like `run`.
import { createInterface, type Interface } from 'node:readline';
import type { Command } from 'commander';
import type { ToolFakeSpec } from '../model/spec.js';
import type { ChatIo, ChatOptions } from './chat-session.js';
import { CliError, EXIT } from './exit-codes.js';
import { choiceOption, endpointOption } from './option-values.js';

interface ChatFlags {
  app?: string;
  endpoint?: string;
  insecure?: boolean;
  keyFile?: string;
  deployment?: string;
  emulator?: string;
  spec?: string;
  toolFakes?: boolean;
  format: string;
  config?: string;
  record?: string;
}

export function registerChat(program: Command): void {
  program
    .command('chat')
    .description('chat with an app interactively (the bundled demo emulator when no app is configured)')
    .option('--app <name>', 'app resource: projects/{p}/locations/{l}/apps/{a} (default: config `app`, CXAS_APP)')
    .option('--endpoint <host:port>', 'CES endpoint (default ces.googleapis.com:443)', endpointOption)
    .option('--insecure', 'plaintext channel without auth (local emulator)')
    .option('--key-file <path>', 'service-account key file (default: CXAS_OAUTH_TOKEN, then ADC)')
    .option('--deployment <id>', 'deployment id or full name')
    .option('--emulator <app.yaml>', 'serve this emulator app in-process and chat with it')
    .option('--spec <file>', 'answer client-side tool calls from the toolFakes of this spec file')
    .option('--tool-fakes', 'ask the agent to use tool fakes')
    .option('--format <f>', 'auto | ansi | plain', 'auto')
    .option('--record <file>', 'write the session as a spec conversation with generated expectations (appended)')
    .option('-c, --config <file>', 'config file (default: cxas-eval.config.yaml)')
    .action(async (flags: ChatFlags) => {
      const format = choiceOption('--format', flags.format, ['auto', 'ansi', 'plain'] as const);
      const toolFakes = flags.spec ? await specToolFakes(flags.spec) : [];
      const { openChatTarget } = await import('./chat-target.js');
      const target = await openChatTarget(flags);
      const { runChat } = await import('./chat-session.js');
      const rl = createInterface({
        input: process.stdin,
        output: process.stdout,
        terminal: Boolean(process.stdin.isTTY && process.stdout.isTTY),
        historySize: 200,
      });
      // Lines are buffered from here on: piped input arrives at once, before the first read.
      const io = lineIo(rl);
      try {
        const opts: ChatOptions = {
          format,
          toolFakes,
          target: target.description,
          ...(target.endpoint ? { endpoint: target.endpoint } : {}),
          ...(flags.record ? { record: flags.record } : {}),
          ...(target.redact ? { redact: target.redact } : {}),
          roots: target.roots,
          base: {
            ...(flags.toolFakes ? { useToolFakes: true } : {}),
            ...(flags.deployment ? { deploymentId: flags.deployment } : {}),
          },
        };
        const failures = await runChat(target.sessions, io, opts);
        process.exitCode = failures > 0 ? EXIT.failed : EXIT.ok;
      } finally {
        rl.close();
        await target.close();
      }
    });
}

/** Lines from readline: in a terminal with a prompt, line editing and history (up/down). */
function lineIo(rl: Interface): ChatIo {
  const lines = rl[Symbol.asyncIterator]();
  return {
    write: (t) => void process.stdout.write(t),
    error: (t) => void process.stderr.write(t),
    read: async (prompt) => {
      if (rl.terminal) {
        rl.setPrompt(prompt);
        rl.prompt();
      }
      const next = await lines.next();
      return next.done ? undefined : next.value;
    },
  };
}

async function specToolFakes(file: string): Promise<ToolFakeSpec[]> {
  const { loadSpecs } = await import('../runner/index.js');
  const { files, errors } = await loadSpecs([file], { cwd: process.cwd() });
  if (errors.length) throw new CliError(errors.map((e) => e.message).join('\n'), EXIT.usage);
  return files.flatMap((f) => f.conversations.flatMap((c) => c.toolFakes));
}
