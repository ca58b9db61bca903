// Turns run() options into the plain SessionConfig and the SessionInputs of each RunSession
// call, as cxas-scrapi does with its mistakes fixed (docs/scrapi-compatibility.md §1): one call per
// text string, one-shot inputs only on the first, eventVars as their own variables input (Event has
// no variables field).
import type { JsonObject } from '../model/json.js';
import type { TurnInput } from '../model/turn.js';
import type { Message, SessionConfigWire } from './types.js';
import type { RunOptions, ToolResponseInput } from './options.js';
import { CesInputError } from './errors.js';
import { childName, sessionName } from './names.js';
import { shortName } from '../model/inventory.js';
import { isPlainObject } from './wire.js';

type PlainInput = Record<string, unknown>;
export interface PlannedCall {
  inputs: PlainInput[];
  summary: TurnInput[];
}

/** What a run()'s config is built from besides its options. */
export interface ConfigContext {
  appName: string;
  /** historicalContexts, resolved (a conversation fetched, a shorthand converted). */
  history: Message[] | undefined;
  /** The client's deployment, for a run that names none. */
  deployment: string | undefined;
}

/** The config sent with every request of a run() call. */
export function buildConfig(
  opts: RunOptions,
  { appName, history, deployment: clientDeployment }: ConfigContext,
): SessionConfigWire {
  if (typeof opts.sessionId !== 'string')
    throw new CesInputError('sessionId is required (see Sessions.createSessionId())');
  const config: SessionConfigWire = { session: sessionName(appName, opts.sessionId) };
  const deployment = opts.deploymentId ?? clientDeployment;
  if (deployment !== undefined) config['deployment'] = childName(appName, 'deployments', deployment, 'deploymentId');
  if (history) config['historicalContexts'] = history;
  if (opts.useToolFakes !== undefined) {
    if (typeof opts.useToolFakes !== 'boolean') throw new CesInputError('useToolFakes must be true or false');
    if (opts.useToolFakes) config['useToolFakes'] = true;
  }
  if (opts.timeZone !== undefined) config['timeZone'] = opts.timeZone;
  if (opts.entryAgent !== undefined) config['entryAgent'] = childName(appName, 'agents', opts.entryAgent, 'entryAgent');
  const inputAudio =
    opts.inputAudioConfig ?? legacyAudioConfig(opts.audioConfig) ?? (opts.audio ? DEFAULT_AUDIO : undefined);
  if (inputAudio !== undefined) config['inputAudioConfig'] = inputAudio;
  if (opts.outputAudioConfig !== undefined) config['outputAudioConfig'] = opts.outputAudioConfig;
  return config;
}

/** cxas-scrapi's defaults for raw audio input. */
export const DEFAULT_AUDIO = { audioEncoding: 'LINEAR16', sampleRateHertz: 16000 };

/** The reference's dead `audio_config` parameter, read as the input audio config it was meant to be. */
export function legacyAudioConfig(v: unknown): unknown {
  if (v === undefined) return undefined;
  if (!isPlainObject(v)) throw new CesInputError('audioConfig must be an object like {audioEncoding, sampleRateHertz}');
  return v;
}

/** The RunSession calls of one run(): never empty. */
export function planCalls(appName: string, opts: RunOptions, texts: string[]): PlannedCall[] {
  const first = oneShotInputs(appName, opts);
  if (texts.length === 0) {
    if (first.inputs.length === 0) {
      throw new CesInputError(
        'nothing to send: give text, event, dtmf, variables, blob, image, audio or toolResponses',
      );
    }
    return [first];
  }
  return texts.map((text, i) => {
    const own = { inputs: [{ text }], summary: [{ kind: 'text', text } as TurnInput] };
    return i === 0 ? { inputs: [...first.inputs, ...own.inputs], summary: [...first.summary, ...own.summary] } : own;
  });
}

/** The one-shot inputs (everything but text), in send order, with their summaries. */
export function oneShotInputs(appName: string, opts: RunOptions): PlannedCall {
  const call: PlannedCall = { inputs: [], summary: [] };
  const add = (input: PlainInput, summary: TurnInput): void => {
    call.inputs.push(input);
    call.summary.push(summary);
  };
  if (opts.variables !== undefined)
    add({ variables: opts.variables }, { kind: 'variables', variables: opts.variables });
  if (opts.eventVars !== undefined) {
    if (opts.event === undefined) throw new CesInputError('eventVars needs an event to go with');
    add({ variables: opts.eventVars }, { kind: 'variables', variables: opts.eventVars });
  }
  if (opts.dtmf !== undefined) add({ dtmf: opts.dtmf }, { kind: 'dtmf', digits: opts.dtmf });
  if (opts.event !== undefined)
    add({ event: { event: nonEmpty(opts.event, 'event') } }, { kind: 'event', event: opts.event });
  if (opts.blob !== undefined) {
    const mimeType = opts.blobMimeType ?? 'application/octet-stream';
    add({ blob: { mimeType, data: opts.blob } }, { kind: 'blob', mimeType, bytes: byteLength(opts.blob) });
  } else if (opts.blobMimeType !== undefined) {
    throw new CesInputError('blobMimeType was given without blob');
  }
  if (opts.image !== undefined) {
    if (!isPlainObject(opts.image) || typeof opts.image.mimeType !== 'string')
      throw new CesInputError('image needs {data, mimeType}');
    add(
      { image: { mimeType: opts.image.mimeType, data: opts.image.data } },
      { kind: 'image', mimeType: opts.image.mimeType, bytes: byteLength(opts.image.data) },
    );
  }
  if (opts.audio !== undefined) add({ audio: opts.audio }, { kind: 'audio', bytes: byteLength(opts.audio) });
  if (opts.toolResponses !== undefined) addToolResponses(appName, opts.toolResponses, add);
  return call;
}

function addToolResponses(
  appName: string,
  list: ToolResponseInput[],
  add: (i: PlainInput, s: TurnInput) => void,
): void {
  if (!Array.isArray(list) || list.length === 0)
    throw new CesInputError('toolResponses must be a non-empty list of {id, tool, response}');
  const wire = list.map((r, i) => {
    if (!isPlainObject(r) || typeof r.id !== 'string' || !isPlainObject(r.response)) {
      throw new CesInputError(`toolResponses[${i}] needs a string id, a tool and a response object`);
    }
    return { id: r.id, tool: childName(appName, 'tools', r.tool, `toolResponses[${i}].tool`), response: r.response };
  });
  add(
    { toolResponses: { toolResponses: wire } },
    {
      kind: 'toolResponses',
      responses: wire.map((r) => ({ id: r.id, name: shortName(r.tool), response: r.response as JsonObject })),
    },
  );
}

function nonEmpty(v: unknown, what: string): string {
  if (typeof v !== 'string' || v === '') throw new CesInputError(`${what} must be a non-empty string`);
  return v;
}

function byteLength(data: unknown): number {
  if (typeof data === 'string') return Buffer.from(data, 'base64').length;
  if (data instanceof Uint8Array) return data.byteLength;
  throw new CesInputError('binary data must be a Buffer, a Uint8Array or a base64 string');
}
