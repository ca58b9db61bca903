// An audio-modality RunSessionResponse → TurnResult: normalizeTurn over its outputs, plus what
// only audio has (recognised transcript, time to first audio, agent audio size, barge-ins).
// The runner saves the WAVs and fills `audio.userWav` / `audio.agentWav` itself.
import type { TurnInput, TurnResult } from '../model/turn.js';
import type { CallRecord } from './execute.js';
import type { SessionOutput } from './types.js';
import type { AudioRunResult } from './bidi/client.js';
import { normalizeTurn, type NormalizeMeta } from './normalize.js';
import { turnLatency } from './latency.js';

export interface AudioResponseLike {
  outputs: SessionOutput[];
  calls: CallRecord[];
  audio?: AudioRunResult;
}

export function normalizeAudioTurn(res: AudioResponseLike): TurnResult {
  const meta = { inputs: res.calls.flatMap((c): TurnInput[] => c.inputs), latency: turnLatency(res.calls) };
  return res.audio ? audioTurnResult(res.outputs, meta, res.audio) : normalizeTurn(res.outputs, meta);
}

/** normalizeTurn plus what only audio has. */
export function audioTurnResult(outputs: SessionOutput[], meta: NormalizeMeta, audio: AudioRunResult): TurnResult {
  const result = normalizeTurn(outputs, meta);
  if (audio.recognizedTranscript !== undefined) result.recognizedTranscript = audio.recognizedTranscript;
  if (audio.firstAudioMs !== undefined) result.latency.firstAudioMs = audio.firstAudioMs;
  result.audio = { agentBytes: audio.agent.length, sampleRateHertz: audio.outputConfig.sampleRateHertz };
  result.bargeIns = audio.bargeIns;
  markUserSpeech(result, audio.recognizedTranscript);
  for (let i = 0; i < audio.bargeIns; i++) result.transcript.push({ kind: 'bargeIn', role: 'user' });
  return result;
}

/** The user's line is what the server recognised (a transcript chunk, or an "[audio]" summary). */
function markUserSpeech(result: TurnResult, recognized: string | undefined): void {
  const entries = result.transcript;
  const fromServer = entries.findIndex((e) => e.kind === 'user' && recognized !== undefined && e.text === recognized);
  if (fromServer >= 0) {
    entries[fromServer] = { kind: 'user', text: recognized!, input: 'audio' };
    return;
  }
  const summary = entries.findIndex((e) => e.kind === 'user' && e.input === 'audio');
  if (recognized === undefined) return;
  if (summary >= 0) entries[summary] = { kind: 'user', text: recognized, input: 'audio' };
  else entries.unshift({ kind: 'user', text: recognized, input: 'audio' });
}
