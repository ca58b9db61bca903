// `cxas-eval chat`: an interactive session against an app, each turn printed like parseResult.
// Lines are user text; `/event NAME`, `/dtmf DIGITS`, `/vars {json}` and `/quit` are commands.
import { createInterface } from 'node:readline';
import type { Command } from 'commander';
import { Sessions, type RunOptions } from '../client/sessions.js';
import { CesError } from '../client/errors.js';
import { CliError, EXIT } from './exit-codes.js';

interface ChatFlags { app: string; endpoint?: string; insecure?: boolean; keyFile?: string; deployment?: string; toolFakes?: boolean; format?: string }

export interface ChatIo { write(text: string): void; error(text: string): void }

type Turn = Omit<RunOptions, 'sessionId'>;

/** One input line → the run() options it stands for; undefined for a blank line. */
export function parseChatLine(line: string): Turn | 'quit' | undefined {
  const trimmed = line.trim();
  if (trimmed === '') return undefined;
  if (!trimmed.startsWith('/')) return { text: trimmed };
  const [command, ...rest] = trimmed.split(/\s+/);
  const arg = rest.join(' ');
  switch (command) {
    case '/quit': return 'quit';
    case '/event': return { event: arg };
    case '/dtmf': return { dtmf: arg };
    case '/vars': return { variables: parseJsonObject(arg) };
    default: throw new CliError(`unknown chat command ${command}: use /event NAME, /dtmf DIGITS, /vars {json} or /quit`);
  }
}

function parseJsonObject(text: string): Record<string, never> {
  try {
    const v: unknown = JSON.parse(text);
    if (v && typeof v === 'object' && !Array.isArray(v)) return v as Record<string, never>;
  } catch {
    // fall through to the usage message, which says what was expected
  }
  throw new CliError(`/vars needs a JSON object, got ${text || '(nothing)'}`);
}

/** Runs the chat over `lines` in one session; returns how many turns failed. */
export async function runChat(sessions: Sessions, lines: AsyncIterable<string>, io: ChatIo, base: Partial<Turn> = {}, format: 'auto' | 'ansi' | 'plain' = 'auto'): Promise<number> {
  const sessionId = sessions.createSessionId();
  io.write(`session ${sessions.sessionName(sessionId)}\n`);
  let failures = 0;
  for await (const line of lines) {
    try {
      const turn = parseChatLine(line);
      if (turn === 'quit') break;
      if (!turn) continue;
      const res = await sessions.run({ ...base, ...turn, sessionId });
      io.write(`${sessions.parseResult(res, { format })}\n`);
      if (sessions.getStructuredResponse(res).sessionEnded) break;
    } catch (err) {
      if (!(err instanceof CesError || err instanceof CliError)) throw err;
      failures++;
      io.error(`error${err instanceof CesError ? ` [${err.code}]` : ''}: ${err.message}\n`);
    }
  }
  return failures;
}

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
      let sessions: Sessions;
      try {
        sessions = new Sessions({
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
