// Conversations whose names slugify alike ("Voice balance", "voice balance!") keep their audio
// apart: each links WAVs of its own, a replay serves each its own audio, and merge-reports copies
// both. A recording whose conversations share a WAV (an earlier version's naming) is refused.
import { afterAll, describe, expect, it } from 'vitest';
import { readFile, writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import { readJson, ROOT, runArgs, runCli, tempProject } from '../helpers/cli.js';
import type { RunResult } from '../../src/model/result.js';
import { AudioFolders, audioFolder } from '../../src/runner/run/audio-files.js';

const wav = (name: string) => JSON.stringify(path.join(ROOT, 'specs/demo/audio', name));
const spec = (name: string, file: string, heard: string) => `
conversations:
  - name: ${JSON.stringify(name)}
    modality: audio
    pacing: fast
    turns:
      - audio: { file: ${wav(file)} }
        expect: [ { transcript: { equals: ${JSON.stringify(heard)} } } ]
`;

describe('audio folders of conversations named alike', async () => {
  const p = await tempProject({
    'cxas-eval.config.yaml': `files: { allowRoots: [${JSON.stringify(path.join(ROOT, 'specs/demo/audio'))}] }\n`,
    'specs/a.yaml': spec('Voice balance', 'balance.wav', 'what is my balance'),
    'specs/b.yaml': spec('voice balance!', 'bye.wav', 'goodbye'),
  });
  afterAll(() => p.cleanup());
  const userWavs = (r: RunResult) => r.conversations.map((c) => c.turns[0]!.result!.audio!.userWav!);
  const statuses = (r: RunResult) => r.conversations.map((c) => [c.name, c.status, c.error?.message]);

  it('saves, replays and merges each conversation its own audio', async () => {
    const live = await runCli(runArgs({}, '--concurrency', '1', '--retries', '0', '--no-coverage'), { cwd: p.dir });
    const recorded = await readJson<RunResult>(path.join(p.dir, 'out/results.json'));
    expect(statuses(recorded), live.stderr).toEqual([
      ['Voice balance', 'passed', undefined],
      ['voice balance!', 'passed', undefined],
    ]);
    const [a, b] = userWavs(recorded);
    expect(a).not.toBe(b);
    const bytes = await Promise.all([a!, b!].map((rel) => readFile(path.join(p.dir, 'out', rel))));
    expect(bytes[0]!.equals(bytes[1]!)).toBe(false);

    const replay = await runCli(runArgs({ outputDir: 'replayed' }, '--replay', 'out/results.json', '--no-coverage'), {
      cwd: p.dir,
    });
    const replayed = await readJson<RunResult>(path.join(p.dir, 'replayed/results.json'));
    expect(statuses(replayed), replay.stderr).toEqual(statuses(recorded));
    expect(userWavs(replayed)).toEqual([a, b]);

    const merge = await runCli(['merge-reports', 'out', 'replayed', '-o', 'merged'], { cwd: p.dir });
    expect(merge.stdout, merge.stderr).toContain('  copied 4 audio file(s) the reports link to');
  });

  it('refuses to replay or merge a recording in which two conversations link one WAV', async () => {
    const recorded = await readJson<RunResult>(path.join(p.dir, 'out/results.json'));
    const [a, b] = recorded.conversations.map((c) => c.turns[0]!.result!.audio!);
    b!.userWav = a!.userWav;
    await writeFile(path.join(p.dir, 'out/results.json'), JSON.stringify(recorded));
    const replay = await runCli(runArgs({ outputDir: 'replayed2' }, '--replay', 'out/results.json', '--no-coverage'), {
      cwd: p.dir,
    });
    const replayed = await readJson<RunResult>(path.join(p.dir, 'replayed2/results.json'));
    for (const c of replayed.conversations) {
      expect(c.status, replay.stderr).toBe('error');
      expect(c.error?.message).toContain(`is linked by 2 conversations (${recorded.conversations[0]!.id}, `);
    }
    const merge = await runCli(['merge-reports', 'out', '-o', 'merged2'], { cwd: p.dir });
    expect(merge.code).toBe(2);
    expect(merge.stderr).toContain(`${a!.userWav} is linked twice (specs/a.yaml › Voice balance, turn 1; `);
  });
});

describe('AudioFolders', () => {
  it('gives a conversation its folder again, and another conversation never the same one', () => {
    const folders = new AudioFolders();
    const a = { id: 'a.yaml#x#0', name: 'x', runIndex: 0 };
    const first = folders.claim(a);
    expect(first).toBe(audioFolder(a));
    expect(folders.claim(a)).toBe(first);
    // a forced clash: another id whose folder name is already held
    (folders as unknown as { owners: Map<string, string> }).owners.set(audioFolder({ ...a, id: 'b' }), 'other');
    expect(folders.claim({ ...a, id: 'b' })).toBe(`${audioFolder({ ...a, id: 'b' })}-2`);
  });
});
