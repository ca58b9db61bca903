// The chat loop of `cxas-eval chat` (loaded only when the command runs): lines are user text;
// `/event NAME`, `/dtmf DIGITS`, `/vars {json}` and `/quit` are commands.
import { CesError, type Sessions, type RunOptions } from '../client/index.js';
import { CliError } from './exit-codes.js';

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
