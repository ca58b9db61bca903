// Saves an audio turn's user and agent audio as WAV files beside the reports, so the HTML report
// can play them and the JSON can link them (paths relative to the report directory).
import { mkdir, writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import type { AudioRunResult } from '../../client/index.js';
import { decodeFrom, encodeWav } from '../../audio/index.js';
import type { TurnAudio } from '../../model/turn.js';
import { slug } from '../goldens/paths.js';

export async function saveTurnAudio(
  audio: AudioRunResult,
  artifactsDir: string,
  conversation: { name: string; runIndex: number },
  turnIndex: number,
): Promise<TurnAudio> {
  const rel = path.join('audio', `${slug(conversation.name)}-run${conversation.runIndex + 1}`);
  await mkdir(path.join(artifactsDir, rel), { recursive: true });
  const out: TurnAudio = { agentBytes: audio.agent.length, sampleRateHertz: audio.outputConfig.sampleRateHertz };
  if (audio.user.length) {
    out.userWav = path.join(rel, `turn-${turnIndex + 1}-user.wav`);
    await writeFile(
      path.join(artifactsDir, out.userWav),
      encodeWav(audio.user, { sampleRateHertz: audio.userSampleRateHertz }),
    );
  }
  if (audio.agent.length) {
    const pcm = decodeFrom(audio.agent, audio.outputConfig);
    out.agentWav = path.join(rel, `turn-${turnIndex + 1}-agent.wav`);
    await writeFile(
      path.join(artifactsDir, out.agentWav),
      encodeWav(pcm, { sampleRateHertz: audio.outputConfig.sampleRateHertz }),
    );
  }
  return out;
}
