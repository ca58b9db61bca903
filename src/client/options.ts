// The options of Sessions.run() and their key checks. Unknown keys, snake_case ones above
// all, are rejected with a hint: the reference silently dropped them (docs/protocol.md §2).
import type { JsonObject } from '../model/json.js';
import type { HistoryEntry } from '../model/spec.js';
import type { CallOptions } from './transport.js';
import { CesInputError } from './errors.js';
import { unknownKeyMessage } from './wire.js';

export type { CallOptions } from './transport.js';

export interface ToolResponseInput {
  id: string;
  tool: string;
  response: JsonObject;
}
interface InputAudioConfigInput {
  audioEncoding: string;
  sampleRateHertz: number;
  noiseSuppressionLevel?: string;
}
interface OutputAudioConfigInput {
  audioEncoding: string;
  sampleRateHertz: number;
}

/** History shorthands accepted on top of the spec's HistoryEntry (cxas-scrapi's list form). */
type HistoryInput =
  HistoryEntry | { model: string; name?: string; text?: string } | { agent: string; name?: string; text?: string };

export interface RunOptions extends CallOptions {
  sessionId: string;
  text?: string | string[];
  dtmf?: string;
  event?: string;
  eventVars?: JsonObject;
  blob?: Buffer | Uint8Array | string;
  blobMimeType?: string;
  image?: { data: Buffer | Uint8Array | string; mimeType: string };
  variables?: JsonObject;
  toolResponses?: ToolResponseInput[];
  audio?: Buffer | Uint8Array;
  audioConfig?: unknown;
  inputAudioConfig?: InputAudioConfigInput;
  outputAudioConfig?: OutputAudioConfigInput;
  deploymentId?: string;
  historicalContexts?: string | HistoryInput[];
  turnCount?: number;
  modality?: 'text' | 'audio';
  /** Audio modality: overrides the Sessions-wide `audio.pacing` for this call. */
  pacing?: 'realtime' | 'fast';
  useToolFakes?: boolean;
  timeZone?: string;
  entryAgent?: string;
  stream?: boolean;
}

const RUN_OPTION_KEYS: ReadonlyArray<keyof RunOptions> = [
  'signal',
  'timeoutMs',
  'sessionId',
  'text',
  'dtmf',
  'event',
  'eventVars',
  'blob',
  'blobMimeType',
  'image',
  'variables',
  'toolResponses',
  'audio',
  'audioConfig',
  'inputAudioConfig',
  'outputAudioConfig',
  'deploymentId',
  'historicalContexts',
  'turnCount',
  'modality',
  'pacing',
  'useToolFakes',
  'timeZone',
  'entryAgent',
  'stream',
];

/** Throws on any key that is not a RunOptions key (undefined values included: a typo is a typo). */
export function assertRunOptionKeys(opts: object): void {
  for (const key in opts) if (!RUN_OPTION_KEY_SET.has(key)) assertKeys(opts, RUN_OPTION_KEYS);
}

// Checked on every run() call: a Set lookup per key, the list only to build the error message.
const RUN_OPTION_KEY_SET: ReadonlySet<string> = new Set(RUN_OPTION_KEYS);

export function assertKeys(obj: object, known: readonly string[], where?: string): void {
  for (const key of Object.keys(obj)) {
    if (!known.includes(key)) throw new CesInputError(unknownKeyMessage(key, known, where));
  }
}

/** `text` as the list of utterances to send, one RunSession each. */
export function textList(text: RunOptions['text']): string[] {
  if (text === undefined) return [];
  const list = Array.isArray(text) ? text : [text];
  list.forEach((t, i) => {
    if (typeof t !== 'string' || t === '') {
      throw new CesInputError(`text${Array.isArray(text) ? `[${i}]` : ''} must be a non-empty string`);
    }
  });
  return list;
}

/** `modality`, case-insensitive: text goes over RunSession, audio over BidiRunSession (WebSocket). */
export function modalityOf(modality: unknown): 'text' | 'audio' {
  if (modality === undefined) return 'text';
  const m = typeof modality === 'string' ? modality.toLowerCase() : modality;
  if (m === 'text' || m === 'audio') return m;
  throw new CesInputError(`unknown modality ${JSON.stringify(modality)}: expected "text" or "audio"`);
}
