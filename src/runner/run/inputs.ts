// Maps a spec turn to the Sessions.run() options that send it, and to the TurnInput summary
// that reports show. File contents are read here (the loader checked they exist).
import { readFile } from 'node:fs/promises';
import * as path from 'node:path';
import mime from 'mime-types';
import type { JsonObject } from '../../model/json.js';
import type { TurnSpec } from '../../model/spec.js';
import type { TurnInput } from '../../model/turn.js';
import type { RunOptions } from '../../client/sessions.js';

export type TurnSendOptions = Omit<RunOptions, 'sessionId' | 'signal' | 'timeoutMs'>;

export interface PreparedTurn {
  send: TurnSendOptions;
  inputs: TurnInput[];
  /** The input is speech: the turn goes over BidiRunSession whatever the conversation's modality. */
  needsAudio: boolean;
}

/** `cwd` resolves file paths, which the loader stores relative to the working directory. */
export async function prepareTurn(turn: TurnSpec, cwd: string): Promise<PreparedTurn> {
  const send: TurnSendOptions = {};
  const inputs: TurnInput[] = [];
  let needsAudio = false;
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
    case 'image': {
      const data = await readBytes(input, cwd);
      const mimeType = input.mimeType ?? guessMime(input.file);
      if (input.kind === 'blob') {
        send.blob = data;
        send.blobMimeType = mimeType;
      } else {
        send.image = { data, mimeType };
      }
      inputs.push({ kind: input.kind, mimeType, bytes: data.length, ...(input.file ? { file: input.file } : {}) });
      break;
    }
    case 'variables':
      send.variables = { ...(send.variables ?? {}), ...input.variables };
      inputs.push({ kind: 'variables', variables: input.variables });
      break;
    case 'toolResponses':
      send.toolResponses = input.responses.map((r, i) => ({ id: r.id ?? `call-${i + 1}`, tool: r.tool, response: r.response }));
      inputs.push({ kind: 'toolResponses', responses: send.toolResponses.map((r) => ({ id: r.id, name: r.tool, response: r.response as JsonObject })) });
      break;
    case 'audio':
      needsAudio = true;
      if (input.say !== undefined) {
        // Spoken text: the client synthesises it with the configured synthesiser.
        send.text = input.say;
        inputs.push({ kind: 'audio', bytes: 0, say: input.say });
      } else {
        // A WAV file: the client decodes it and converts it to the input encoding.
        send.audio = await readBytes(input, cwd);
        inputs.push({ kind: 'audio', bytes: send.audio.length, ...(input.file ? { file: input.file } : {}) });
      }
      break;
  }
  return { send, inputs, needsAudio };
}

async function readBytes(input: { file?: string; data?: string }, cwd: string): Promise<Buffer> {
  if (input.data !== undefined) return Buffer.from(input.data, 'base64');
  if (!input.file) throw Object.assign(new Error('a blob or image turn needs `file` or `data`'), { code: 'BAD_FIXTURE' });
  try {
    return await readFile(path.resolve(cwd, input.file));
  } catch (err) {
    throw Object.assign(new Error(`cannot read ${input.file}: ${(err as Error).message}`), { code: 'BAD_FIXTURE' });
  }
}

function guessMime(file: string | undefined): string {
  return (file && mime.lookup(file)) || 'application/octet-stream';
}
