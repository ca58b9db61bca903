// What one line typed into `cxas-eval chat` means: user text, or a slash command.
import { readFileSync } from 'node:fs';
import type { RunOptions } from '../client/index.js';
import { guessMimeType } from '../model/mime.js';
import type { TurnInputSpec } from '../model/spec.js';
import { CliError } from './exit-codes.js';

export type ChatTurn = Omit<RunOptions, 'sessionId'>;
/** A turn to send, and the same input as a spec turn (for `--record` and `/save`). */
export type ChatCommand =
  | { kind: 'turn'; turn: ChatTurn; input: TurnInputSpec }
  | { kind: 'save'; name: string }
  | { kind: 'quit' | 'help' | 'history' | 'reset' };

export const CHAT_HELP = [
  'Type a message to send it as the user. Commands:',
  '  /event NAME        send an event (e.g. /event WELCOME)',
  '  /dtmf DIGITS       send DTMF digits (e.g. /dtmf 1234#)',
  '  /vars {json}       set session variables (e.g. /vars {"tier":"gold"})',
  '  /blob FILE [MIME]  send a file (the MIME type is guessed from the name if not given)',
  "  /history           print this session's turns so far",
  '  /save NAME         write this session so far as a spec conversation NAME (to the --record file)',
  '  /reset             start a new session',
  '  /quit              leave (Ctrl-D too)',
  '  /help              this list',
  'Up/down arrows recall earlier lines. A client-side tool call is answered from --spec tool fakes,',
  'else you are asked for its result as JSON.',
].join('\n');

const COMMAND_LIST = '/event /dtmf /vars /blob /history /save /reset /quit /help';

/** One input line → what it asks for; undefined for a blank line. */
export function parseChatLine(line: string): ChatCommand | undefined {
  const trimmed = line.trim();
  if (trimmed === '') return undefined;
  if (!trimmed.startsWith('/'))
    return { kind: 'turn', turn: { text: trimmed }, input: { kind: 'text', text: trimmed } };
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
    case '/save':
      return { kind: 'save', name: required(command, arg, 'NAME') };
    case '/event': {
      const event = required(command, arg, 'NAME');
      return { kind: 'turn', turn: { event }, input: { kind: 'event', event } };
    }
    case '/dtmf': {
      const digits = required(command, arg, 'DIGITS');
      return { kind: 'turn', turn: { dtmf: digits }, input: { kind: 'dtmf', digits } };
    }
    case '/vars': {
      const variables = parseJsonObject(command, arg);
      return { kind: 'turn', turn: { variables }, input: { kind: 'variables', variables } };
    }
    case '/blob':
      return blobTurn(rest);
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

function blobTurn([file, mimeType]: string[]): ChatCommand {
  if (!file) throw new CliError('/blob needs FILE');
  let data: Buffer;
  try {
    data = readFileSync(file);
  } catch (err) {
    throw new CliError(`/blob: cannot read ${file}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
  const blobMimeType = mimeType ?? guessMimeType(file);
  return { kind: 'turn', turn: { blob: data, blobMimeType }, input: { kind: 'blob', file, mimeType: blobMimeType } };
}
