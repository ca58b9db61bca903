// Saves an audio turn's user and agent audio as WAV files beside the reports, so the HTML report
// can play them and the JSON can link them (paths relative to the report directory).
import { createHash } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import type { AudioRunResult } from '../../client/index.js';
import { decodeFrom, encodeWav } from '../../audio/index.js';
import type { TurnAudio } from '../../model/turn.js';
import { slug } from '../goldens/paths.js';

/** The conversation run that owns a turn's audio, its name and id as results.json stores them (masked). */
export interface AudioOwner {
  /** `<spec id>#<run index>`. */
  id: string;
  name: string;
  runIndex: number;
}

/**
 * `audio/<name>-run<N>-<hash of the conversation id>`: names that slugify alike ("Voice balance",
 * "voice balance!") still get folders of their own, and the folder depends on the id only, so the
 * shards merge-reports copies into one directory never share one either.
 */
export function audioFolder(owner: AudioOwner): string {
  const hash = createHash('sha256').update(owner.id).digest('hex').slice(0, 10);
  return path.join('audio', `${slug(owner.name)}-run${owner.runIndex + 1}-${hash}`);
}

/**
 * The audio folders of one run, each owned by one conversation: a conversation's retries write its
 * own folder again, but a folder another conversation holds (a hash collision) is never written
 * into — the later conversation takes the next free `-2`, `-3`, … instead.
 */
export class AudioFolders {
  private readonly owners = new Map<string, string>();

  claim(owner: AudioOwner): string {
    const base = audioFolder(owner);
    for (let n = 1; ; n++) {
      const folder = n === 1 ? base : `${base}-${n}`;
      const held = this.owners.get(folder);
      if (held === owner.id) return folder;
      if (held === undefined) {
        this.owners.set(folder, owner.id);
        return folder;
      }
    }
  }
}

export async function saveTurnAudio(
  audio: AudioRunResult,
  artifactsDir: string,
  rel: string,
  turnIndex: number,
): Promise<TurnAudio> {
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
