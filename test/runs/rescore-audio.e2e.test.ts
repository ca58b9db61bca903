// `rescore --output-dir` elsewhere than the recorded run's reports: the rescored results link the
// recorded WAVs, which are copied beside them (as merge-reports copies a shard's), so the HTML players
// and a replay of the rescored run find them; a recorded WAV that is gone stops the rescore before
// anything is written.
import { existsSync } from 'node:fs';
import { copyFile, readFile, rm } from 'node:fs/promises';
import * as path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { RunResult } from '../../src/model/result.js';
import { readJson, ROOT, runArgs, runCli, tempProject } from '../helpers/cli.js';

const SPEC = `conversations:
  - name: balance by voice
    modality: audio
    pacing: fast
    turns:
      - audio: { file: balance.wav }
        expect: [ { transcript: { equals: what is my balance } } ]
`;

describe('rescore --output-dir of a voice run', async () => {
  const p = await tempProject({ 'specs/voice.yaml': SPEC });
  await copyFile(path.join(ROOT, 'specs/demo/audio/balance.wav'), path.join(p.dir, 'specs/balance.wav'));
  afterAll(() => p.cleanup());
  const wavs = (r: RunResult) =>
    r.conversations.flatMap((c) => c.turns.flatMap((t) => [t.result?.audio?.userWav, t.result?.audio?.agentWav]));
  const rescore = (out: string) =>
    runCli(['rescore', 'out', '--no-history', '--reporter', 'json', '--output-dir', out], { cwd: p.dir });

  it('copies the WAVs its results link to, so a replay of it plays them', async () => {
    const live = await runCli(runArgs({}, '--no-coverage', '--no-history'), { cwd: p.dir });
    expect(live.code, live.stderr).toBe(0);
    const r = await rescore('rescored');
    expect(r.code, r.stderr).toBe(0);
    const linked = wavs(await readJson<RunResult>(path.join(p.dir, 'rescored/results.json')));
    expect(linked.length).toBe(2);
    for (const rel of linked) {
      const [copy, recorded] = await Promise.all(
        ['rescored', 'out'].map((dir) => readFile(path.join(p.dir, dir, rel!))),
      );
      expect(copy!.equals(recorded!), rel).toBe(true);
    }
    const replay = await runCli(
      runArgs({ outputDir: 'replayed' }, '--replay', 'rescored/results.json', '--no-coverage', '--no-history'),
      { cwd: p.dir },
    );
    expect(replay.code, replay.stdout + replay.stderr).toBe(0);
  });

  it('stops before writing anything when a recorded WAV is gone', async () => {
    const recorded = await readJson<RunResult>(path.join(p.dir, 'out/results.json'));
    const gone = wavs(recorded)[0]!;
    await rm(path.join(p.dir, 'out', gone));
    const r = await rescore('rescored-gone');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(
      'rescore: 1 audio file(s) referenced by the results cannot be copied:\n' +
        `  ${path.join('out', gone)} is missing (specs/voice.yaml › balance by voice, turn 1)\n`,
    );
    expect(existsSync(path.join(p.dir, 'rescored-gone'))).toBe(false);
  });
});
