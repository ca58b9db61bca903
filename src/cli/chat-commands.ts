// What one line typed into `cxas-eval chat` means: user text, or a slash command.
import { readFileSync } from 'node:fs';
import type { RunOptions } from '../client/index.js';
import { guessMimeType } from '../model/mime.js';
import { CliError } from './exit-codes.js';

export type ChatTurn = Omit<RunOptions, 'sessionId'>;
export type ChatCommand = { kind: 'turn'; turn: ChatTurn } | { kind: 'quit' | 'help' | 'history' | 'reset' };

export const CHAT_HELP = [
  'Type a message to send it as the user. Commands:',
  '  /event NAME        send an event (e.g. /event WELCOME)',
  '  /dtmf DIGITS       send DTMF digits (e.g. /dtmf 1234#)',
  '  /vars {json}       set session variables (e.g. /vars {"tier":"gold"})',
  '  /blob FILE [MIME]  send a file (the MIME type is guessed from the name if not given)',
  "  /history           print this session's turns so far",
  '  /reset             start a new session',
  '  /quit              leave (Ctrl-D too)',
  '  /help              this list',
  'Up/down arrows recall earlier lines. A client-side tool call is answered from --spec tool fakes,',
  'else you are asked for its result as JSON.',
].join('\n');

const COMMAND_LIST = '/event /dtmf /vars /blob /history /reset /quit /help';

/** One input line → what it asks for; undefined for a blank line. */
export function parseChatLine(line: string): ChatCommand | undefined {
  const trimmed = line.trim();
  if (trimmed === '') return undefined;
  if (!trimmed.startsWith('/')) return { kind: 'turn', turn: { text: trimmed } };
  const [command, ...rest] = trimmed.split(/\s+/);
  const arg = rest.join(' ');
  switch (command) {
    case '/quit':
    case '/exit':
      return { kind: 'quit' };
    case '/help':
      return { kind: 'help' };
    case '/history':
      return { kind: 'history' };
    case '/reset':
      return { kind: 'reset' };
    case '/event':
      return { kind: 'turn', turn: { event: required(command, arg, 'NAME') } };
    case '/dtmf':
      return { kind: 'turn', turn: { dtmf: required(command, arg, 'DIGITS') } };
    case '/vars':
      return { kind: 'turn', turn: { variables: parseJsonObject(command, arg) } };
    case '/blob':
      return { kind: 'turn', turn: blobTurn(rest) };
    default:
      throw new CliError(`unknown chat command ${command}: use ${COMMAND_LIST}`);
  }
}

function required(command: string, arg: string, what: string): string {
  if (!arg) throw new CliError(`${command} needs ${what}`);
  return arg;
}

export function parseJsonObject(what: string, text: string): Record<string, never> {
  try {
    const v: unknown = JSON.parse(text);
    if (v && typeof v === 'object' && !Array.isArray(v)) return v as Record<string, never>;
  } catch {
    // fall through to the message, which says what was expected
  }
  throw new CliError(`${what} needs a JSON object, got ${text || '(nothing)'}`);
}

function blobTurn([file, mimeType]: string[]): ChatTurn {
  if (!file) throw new CliError('/blob needs FILE');
  let data: Buffer;
  try {
    data = readFileSync(file);
  } catch (err) {
    throw new CliError(`/blob: cannot read ${file}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
  return { blob: data, blobMimeType: mimeType ?? guessMimeType(file) };
}
