// Secrets never reach a report, a golden or a file name. One Redactor masks the result model before
// anything is written. It masks what users and the agent wrote, said and sent, and only that: the
// model's own identifiers, timestamps, statuses, codes and hashes are what stored runs are read by
// (--last-failed, rescore, replay, merge-reports, the history), so masking them would make every
// stored run unreadable. Which is which is decided by the key a string sits under, in one of four
// contexts (the tables below; test/model/redact-fields.test.ts checks that every string of
// schemas/report.schema.json is classified):
// - `model`: the result model. Strings under TEXT_KEYS are masked, under KEPT_KEYS kept; a
//   conversation id keeps its run index (`<masked spec id>#2`). A key in neither is masked.
// - `app`: names of the app and the server (tool calls, transfers, spans, coverage, the target):
//   identifiers, kept, but display names and an emulator route's condition (text the app's author
//   wrote, which may quote a secret) are masked; free-form data below them (args, responses,
//   attributes) is `data`.
// - `data`: free-form JSON the agent or the spec supplied (args, responses, variables, payloads,
//   expected/actual values, metadata): every string, every key and the JSON text of every number
//   and boolean (a card number sent as a number is still a card number).
// - `keys`: a map from a user's path to a hash (identity.specs): the keys are masked, the hashes kept.
// The model's own numbers (durations, counts, positions) are kept, so a report matches its schema.

import { linearPattern, type LinearPattern } from './pattern.js';

/** What a masked value or key becomes (rescore reads stored runs that have it). */
export const REDACTED = '[REDACTED]';

export type RedactContext = 'model' | 'app' | 'data' | 'keys';

/** Keys whose value is free-form JSON the agent or the spec supplied: keys and scalars below are all data. */
const DATA_KEYS: ReadonlySet<string> = new Set([
  'args',
  'payload',
  'payloads',
  'variables',
  'updatedVariables',
  'expected',
  'actual',
  'details',
  'metadata',
  'endSessionMetadata',
  'attributes',
]);

/** In `app`: what below an app object is free-form data (a call's args, a tool's response, span attributes). */
const APP_DATA_KEYS: ReadonlySet<string> = new Set(['args', 'response', 'attributes']);

/** Keys (in `model`) below which strings name the app's and the server's parts, and the run's target. */
const APP_KEYS: ReadonlySet<string> = new Set([
  'tool',
  'target',
  'identity',
  'coverage',
  'toolCalls',
  'toolResponses',
  'call',
  // a transcript entry's tool response ({id, name, response}); its `response` is data
  'response',
  // a turn input's tool responses ({id, name or tool, response})
  'responses',
  // a recording's client tool answers ({call, response}: import, chat --record)
  'toolAnswers',
  'transfers',
  'transfer',
  'rootSpan',
  'earlierRootSpans',
]);

/** Strings (in `model`) that users or the agent wrote or said: masked. */
const TEXT_KEYS: ReadonlySet<string> = new Set([
  // what users named: conversations, spec files and paths, turns, tags, steps, run labels
  'name',
  'specId',
  'file',
  'label',
  'tags',
  'step',
  'conversation',
  'criterion',
  'onlyInBase',
  'onlyInHead',
  'obsolete',
  'removed',
  'notCompared',
  // what was said, sent and judged
  'text',
  'textParts',
  'recognizedTranscript',
  'say',
  'event',
  'digits',
  'title',
  'uri',
  'message',
  'reason',
  'skipReason',
  'notComparedReason',
  'goal',
  'successCriteria',
  'stopMessage',
  'firstFailure',
  'diff',
  'changes',
  'warnings',
]);

/** Strings (in `model`) the run itself writes: identifiers, timestamps, enums, codes, hashes. Kept. */
const KEPT_KEYS: ReadonlySet<string> = new Set([
  'runId',
  'startedAt',
  'finishedAt',
  'startTime',
  'status',
  'code',
  'sessionId',
  'inputsHash',
  'modality',
  'kind',
  'input',
  'matcher',
  'field',
  'role',
  'agent',
  'origin',
  'mimeType',
  'stopReason',
  'test',
  'verdict',
  'adjustment',
  'conversationTest',
  'userModel',
  'votes',
  'unavailable',
  // a stored run's reference as the user gave it (`@latest`, a path)
  'source',
  // WAV paths: their folder is named from the masked conversation name and id (audio-files.ts)
  'userWav',
  'agentWav',
  // inline base64 bytes of an imported blob: a text pattern would only corrupt them
  'data',
  // a recording's session settings (chat --record, import): names of the app's parts
  'deploymentId',
  'entryAgent',
]);

/** Strings (in `app`) written for people rather than matched on: display names, an emulator route's condition. */
const APP_TEXT_KEYS: ReadonlySet<string> = new Set(['displayName', 'on']);

/** Keys whose value is a conversation id (`<spec id>#<run index>`): `first` is coverage's. */
const CONVERSATION_ID_KEYS: ReadonlySet<string> = new Set(['id', 'first']);

/** The context of the value under `key` in an object of context `ctx`. */
export function childContext(ctx: RedactContext, key: string): RedactContext {
  if (ctx === 'data' || ctx === 'keys') return ctx;
  if (ctx === 'app') {
    if (APP_DATA_KEYS.has(key)) return 'data';
    return key === 'specs' ? 'keys' : 'app';
  }
  if (DATA_KEYS.has(key)) return 'data';
  return APP_KEYS.has(key) ? 'app' : 'model';
}

/** What becomes of a string under `key` in an object of context `ctx` (the walk's one rule). */
export function stringRule(ctx: RedactContext, key: string | undefined): 'mask' | 'keep' | 'conversationId' {
  if (ctx === 'data') return 'mask';
  if (ctx === 'keys') return 'keep';
  if (key !== undefined && CONVERSATION_ID_KEYS.has(key) && (ctx === 'model' || key === 'first'))
    return 'conversationId';
  if (ctx === 'app') return APP_TEXT_KEYS.has(key ?? '') ? 'mask' : 'keep';
  if (key !== undefined && KEPT_KEYS.has(key)) return 'keep';
  // TEXT_KEYS, and (to be safe with a secret) any key not classified
  return 'mask';
}

/** Whether a key of the model is classified (a test holds every string of the report schema to it). */
export function classifiedKey(key: string): boolean {
  return TEXT_KEYS.has(key) || KEPT_KEYS.has(key) || CONVERSATION_ID_KEYS.has(key);
}

/** Config `redact:` (regular expression sources) as the patterns a Redactor takes. */
export function redactPatterns(sources: readonly string[] = []): RegExp[] {
  return sources.map((p) => new RegExp(p, 'g'));
}

const RUN_INDEX = /^(.*)#(\d+)$/s;

export class Redactor {
  private readonly patterns: readonly LinearPattern[];

  /** Each pattern masks every occurrence, whatever its flags, on the linear-time engine (pattern.ts). */
  constructor(patterns: readonly RegExp[] = []) {
    this.patterns = patterns.map((p) => linearPattern(p.source, p.flags));
  }

  get active(): boolean {
    return this.patterns.length > 0;
  }

  text(text: string): string {
    let out = text;
    for (const p of this.patterns) out = p.replaceAll(out, REDACTED);
    return out;
  }

  /**
   * A conversation id (`<spec id>#<run index>`) masked as results.json stores it: the spec id is
   * masked, the run index kept (a pattern matching digits must not merge the runs of a repeat).
   */
  conversationId(id: string): string {
    const m = RUN_INDEX.exec(id);
    return m ? `${this.text(m[1]!)}#${m[2]!}` : this.text(id);
  }

  /**
   * What a stored run keeps for conversation `id`: under the id itself, or as the stored run's
   * `redact:` masked it (rescore and replay read stored runs by the ids of today's specs).
   */
  stored<T>(byId: ReadonlyMap<string, T>, id: string): T | undefined {
    return byId.get(id) ?? byId.get(this.conversationId(id));
  }

  /** A copy of a result-model value (RunResult, ConversationResult, TurnRecord...), masked. */
  model<T>(value: T): T {
    return this.active ? (this.walk(value, 'model', undefined) as T) : value;
  }

  /** A copy of a value that is data throughout (a golden transcript): every key and scalar is masked. */
  data<T>(value: T): T {
    return this.active ? (this.walk(value, 'data', undefined) as T) : value;
  }

  private walk(value: unknown, ctx: RedactContext, key: string | undefined): unknown {
    if (typeof value === 'string') return this.string(value, ctx, key);
    if (typeof value === 'number' || typeof value === 'boolean') return ctx === 'data' ? this.scalar(value) : value;
    if (Array.isArray(value)) return value.map((v) => this.walk(v, ctx, key));
    if (value === null || typeof value !== 'object') return value;
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      const masksKey = ctx === 'data' || ctx === 'keys';
      out[masksKey ? this.text(k) : k] = this.walk(v, childContext(ctx, k), k);
    }
    return out;
  }

  private string(value: string, ctx: RedactContext, key: string | undefined): string {
    const rule = stringRule(ctx, key);
    if (rule === 'keep') return value;
    return rule === 'conversationId' ? this.conversationId(value) : this.text(value);
  }

  /** A number or boolean whose JSON text matches becomes the masked text (a string). */
  private scalar(value: number | boolean): number | boolean | string {
    const json = JSON.stringify(value);
    const masked = this.text(json);
    return masked === json ? value : masked;
  }
}
