// An audio turn's recorded audio, served again under `run --replay`: the recognised transcript, the
// time to first audio and the barge-ins from the results, the user's and the agent's audio from the
// WAVs the recording saved beside its reports. The client then normalises the turn exactly as it did
// live (transcript line, audio size), and the runner saves the WAVs again for this run's reports.
import { readFile } from 'node:fs/promises';
import * as path from 'node:path';
import type { AudioRunResult } from '../../client/index.js';
import { decodeWav, encodeFor, type AudioConfig } from '../../audio/index.js';
import type { TurnResult } from '../../model/turn.js';
import { RunnerError } from './errors.js';

/**
 * `dir`: the directory the recording's WAV paths are relative to (its report directory). A WAV the
 * results name but that cannot be read is an error: a replay never invents audio.
 */
export async function recordedAudio(result: TurnResult, dir: string, where: string): Promise<AudioRunResult> {
  const audio = result.audio;
  const agentWav = audio?.agentWav ? await readWav(audio.agentWav, dir, where) : undefined;
  const userWav = audio?.userWav ? await readWav(audio.userWav, dir, where) : undefined;
  const rate = audio?.sampleRateHertz ?? agentWav?.sampleRateHertz ?? 16_000;
  const outputConfig: AudioConfig = {
    audioEncoding: encodingOf(audio?.agentBytes, agentWav?.pcm),
    sampleRateHertz: rate,
  };
  const agent = agentWav ? encodeFor(agentWav.pcm, agentWav.sampleRateHertz, outputConfig) : Buffer.alloc(0);
  return {
    agent,
    outputConfig,
    user: userWav?.pcm ?? Buffer.alloc(0),
    userSampleRateHertz: userWav?.sampleRateHertz ?? rate,
    ...(result.recognizedTranscript !== undefined ? { recognizedTranscript: result.recognizedTranscript } : {}),
    ...(result.latency.firstAudioMs !== undefined ? { firstAudioMs: result.latency.firstAudioMs } : {}),
    bargeIns: result.bargeIns ?? 0,
  };
}

/**
 * The recording kept the agent's audio as PCM16 WAV and its size as received: half the PCM's size
 * means a one-byte encoding (µ-law; A-law cannot be told apart and is served as µ-law).
 */
function encodingOf(agentBytes: number | undefined, pcm: Buffer | undefined): AudioConfig['audioEncoding'] {
  return pcm && agentBytes !== undefined && agentBytes * 2 === pcm.length ? 'MULAW' : 'LINEAR16';
}

async function readWav(rel: string, dir: string, where: string): Promise<ReturnType<typeof decodeWav>> {
  const file = path.resolve(dir, rel);
  try {
    return decodeWav(await readFile(file));
  } catch (err) {
    const why = (err as NodeJS.ErrnoException).code === 'ENOENT' ? 'not found' : (err as Error).message;
    throw new RunnerError(
      'REPLAY_NO_RECORDING',
      `no recorded answer: ${where}: the recorded audio ${file} cannot be read (${why}); ` +
        'replay from the report directory the recorded run wrote',
    );
  }
}
