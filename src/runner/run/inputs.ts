// Maps a spec turn to the Sessions.run() options that send it, and to the TurnInput summary
// that reports show. File contents are read here (the loader checked they exist).
import { readFile } from 'node:fs/promises';
import * as path from 'node:path';
import { base64Problem } from '../../model/base64.js';
import { guessMimeType } from '../../model/mime.js';
import type { JsonObject } from '../../model/json.js';
import type { TurnSpec } from '../../model/spec.js';
import type { ToolCall, TurnInput } from '../../model/turn.js';
import { pairAnswers } from './tool-answers.js';
import type { RunOptions } from '../../client/index.js';
import { wavProblem } from '../../audio/index.js';

export type TurnSendOptions = Omit<RunOptions, 'sessionId' | 'signal' | 'timeoutMs'>;

export interface PreparedTurn {
  send: TurnSendOptions;
  inputs: TurnInput[];
  /** The input is speech: the turn goes over BidiRunSession whatever the conversation's modality. */
  needsAudio: boolean;
}

/**
 * `cwd` resolves file paths, which the loader stores relative to the working directory; file
 * inputs (blob, image, a WAV file) are read here, and only they return a promise: the other turns
 * (most of them) are ready at once, with no promise to allocate and await per turn
 * (bench/runner-overhead; docs/architecture.md "Runner performance").
 */
export function prepareTurn(
  turn: TurnSpec,
  cwd: string,
  leftPending: readonly ToolCall[] = [],
): PreparedTurn | Promise<PreparedTurn> {
  const send: TurnSendOptions = {};
  const inputs: TurnInput[] = [];
  const prepared: PreparedTurn = { send, inputs, needsAudio: false };
  if (turn.variables) {
    send.variables = turn.variables;
    inputs.push({ kind: 'variables', variables: turn.variables });
  }
  const input = turn.input;
  switch (input.kind) {
    case 'text':
      send.text = input.text;
      inputs.push({ kind: 'text', text: input.text });
      break;
    case 'event':
      send.event = input.event;
      inputs.push({ kind: 'event', event: input.event });
      break;
    case 'dtmf':
      send.dtmf = input.digits;
      inputs.push({ kind: 'dtmf', digits: input.digits });
      break;
    case 'blob':
    case 'image':
      return withFileInput(prepared, input, cwd);
    case 'variables':
      send.variables = { ...(send.variables ?? {}), ...input.variables };
      inputs.push({ kind: 'variables', variables: input.variables });
      break;
    case 'toolResponses': {
      // An answer without an id takes that of the call it answers, left pending by the turn before.
      const calls = pairAnswers(leftPending, input.responses);
      send.toolResponses = input.responses.map((r, i) => ({
        id: r.id ?? calls[i]?.id ?? `call-${i + 1}`,
        tool: r.tool,
        response: r.response,
      }));
      inputs.push({
        kind: 'toolResponses',
        responses: send.toolResponses.map((r) => ({ id: r.id, name: r.tool, response: r.response as JsonObject })),
      });
      break;
    }
    case 'audio':
      prepared.needsAudio = true;
      // A WAV file: the client decodes it and converts it to the input encoding.
      if (input.say === undefined) return withAudioFile(prepared, input, cwd);
      // Spoken text: the client synthesises it with the configured synthesiser.
      send.text = input.say;
      inputs.push({ kind: 'audio', bytes: 0, say: input.say });
      break;
  }
  return prepared;
}

type FileInput = Extract<TurnSpec['input'], { kind: 'blob' | 'image' }>;

async function withFileInput(prepared: PreparedTurn, input: FileInput, cwd: string): Promise<PreparedTurn> {
  const data = await readBytes(input, cwd);
  const mimeType = input.mimeType ?? guessMimeType(input.file);
  if (input.kind === 'blob') {
    prepared.send.blob = data;
    prepared.send.blobMimeType = mimeType;
  } else {
    prepared.send.image = { data, mimeType };
  }
  prepared.inputs.push({ kind: input.kind, mimeType, bytes: data.length, ...(input.file ? { file: input.file } : {}) });
  return prepared;
}

async function withAudioFile(
  prepared: PreparedTurn,
  input: { file?: string; data?: string },
  cwd: string,
): Promise<PreparedTurn> {
  const audio = await readBytes(input, cwd);
  // The client takes bytes without a RIFF header as raw PCM16: a spec's file must be a WAV file, and
  // one with sound (the loader checked it; it may have changed since).
  const problem = wavProblem(audio);
  if (problem !== undefined)
    throw Object.assign(new Error(`${input.file ?? 'audio'}: ${problem}`), { code: 'BAD_AUDIO' });
  prepared.send.audio = audio;
  prepared.inputs.push({ kind: 'audio', bytes: audio.length, ...(input.file ? { file: input.file } : {}) });
  return prepared;
}

async function readBytes(input: { file?: string; data?: string }, cwd: string): Promise<Buffer> {
  if (input.data !== undefined) {
    // The loader refused it already; a spec built in code is checked here, not sent as garbage.
    const problem = base64Problem(input.data, { fileHint: true });
    if (problem) throw Object.assign(new Error(`data: ${problem}`), { code: 'BAD_FIXTURE' });
    return Buffer.from(input.data, 'base64');
  }
  if (!input.file)
    throw Object.assign(new Error('a blob or image turn needs `file` or `data`'), { code: 'BAD_FIXTURE' });
  try {
    return await readFile(path.resolve(cwd, input.file));
  } catch (err) {
    throw Object.assign(new Error(`cannot read ${input.file}: ${(err as Error).message}`), { code: 'BAD_FIXTURE' });
  }
}
