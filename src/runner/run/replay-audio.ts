// An audio turn's recorded audio, served again under `run --replay`: the recognised transcript, the
// time to first audio and the barge-ins from the results, the user's and the agent's audio from the
// WAVs the recording saved beside its reports. The client then normalises the turn exactly as it did
// live (transcript line, audio size), and the runner saves the WAVs again for this run's reports.
import { readFile } from 'node:fs/promises';
import * as path from 'node:path';
import type { AudioRunResult } from '../../client/index.js';
import { decodeWav, encodeFor, type AudioConfig } from '../../audio/index.js';
import type { RunResult } from '../../model/result.js';
import type { TurnResult } from '../../model/turn.js';
import { RunnerError } from './errors.js';

/** A WAV path linked by more than one conversation of a recording → the ids of those conversations. */
export type SharedWavs = ReadonlyMap<string, readonly string[]>;

/**
 * Versions that named a conversation's audio folder after its name alone gave conversations whose
 * names slugify alike ("Voice balance", "voice balance!") one folder: the last one's audio
 * overwrote the others'. Such a path cannot tell whose audio it holds.
 */
export function sharedWavs(run: RunResult): SharedWavs {
  const owners = new Map<string, Set<string>>();
  for (const c of run.conversations) {
    for (const t of c.turns) {
      for (const rel of [t.result?.audio?.userWav, t.result?.audio?.agentWav]) {
        if (rel) owners.set(rel, (owners.get(rel) ?? new Set()).add(c.id));
      }
    }
  }
  return new Map([...owners].filter(([, ids]) => ids.size > 1).map(([rel, ids]) => [rel, [...ids]]));
}

/**
 * `dir`: the directory the recording's WAV paths are relative to (its report directory). A WAV the
 * results name but that cannot be read, or that several conversations link, is an error: a replay
 * never invents audio, nor serves one conversation another's.
 */
export async function recordedAudio(
  result: TurnResult,
  recording: { dir: string; shared: SharedWavs },
  where: string,
): Promise<AudioRunResult> {
  const audio = result.audio;
  const read = (rel: string) => readWav(rel, recording, where);
  const agentWav = audio?.agentWav ? await read(audio.agentWav) : undefined;
  const userWav = audio?.userWav ? await read(audio.userWav) : undefined;
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

async function readWav(
  rel: string,
  { dir, shared }: { dir: string; shared: SharedWavs },
  where: string,
): Promise<ReturnType<typeof decodeWav>> {
  const file = path.resolve(dir, rel);
  const owners = shared.get(rel);
  if (owners)
    throw new RunnerError(
      'REPLAY_NO_RECORDING',
      `no recorded answer: ${where}: the recorded audio ${file} is linked by ${owners.length} conversations ` +
        `(${owners.join(', ')}; their folder was named after the name alone) and may hold another's audio; ` +
        're-record them',
    );
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
