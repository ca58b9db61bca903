// merge-reports copies the audio files the shards' results link to, and refuses when one is missing.
import { existsSync } from 'node:fs';
import { mkdir, readFile, symlink, writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { renderJson } from '../../src/reporters/json.js';
import type { RunResult } from '../../src/model/result.js';
import { buildConversations, buildRunResult } from '../reporters/fixture.js';
import { runCli, tempProject } from '../helpers/cli.js';

function withAudio(index: number, user: string, agent: string): RunResult {
  const conversations = buildConversations()
    .slice(index, index + 1)
    .map((c) => ({ ...c, id: `c${index}` }));
  conversations[0]!.turns[0]!.result!.audio = { userWav: user, agentWav: agent, agentBytes: 4, sampleRateHertz: 16000 };
  return buildRunResult(conversations);
}

describe('merge-reports audio', async () => {
  const project = await tempProject({});
  afterAll(() => project.cleanup());
  const shard = async (name: string, result: RunResult, files: string[]) => {
    const dir = path.join(project.dir, name);
    await mkdir(dir, { recursive: true });
    await writeFile(path.join(dir, 'results.json'), renderJson(result));
    for (const f of files) await project.write(path.join(name, f), `RIFF ${name}/${f}`);
  };

  it('copies every referenced WAV beside the merged reports; a missing one fails before any is written', async () => {
    await shard('s1', withAudio(0, 'audio/a/t1-user.wav', 'audio/a/t1-agent.wav'), [
      'audio/a/t1-user.wav',
      'audio/a/t1-agent.wav',
    ]);
    await shard('s2', withAudio(7, 'audio/b/t1-user.wav', 'audio/b/t1-agent.wav'), ['audio/b/t1-user.wav']);
    await shard('s3', withAudio(7, 'audio/c/t1-user.wav', 'audio/c/t1-agent.wav'), [
      'audio/c/t1-user.wav',
      'audio/c/t1-agent.wav',
    ]);
    const ok = await runCli(['merge-reports', 's1', 's3', '-o', 'merged'], { cwd: project.dir });
    expect(ok.stdout).toContain('  copied 4 audio file(s) the reports link to');
    for (const f of ['audio/a/t1-user.wav', 'audio/a/t1-agent.wav', 'audio/c/t1-user.wav', 'audio/c/t1-agent.wav']) {
      expect(await readFile(path.join(project.dir, 'merged', f), 'utf8')).toMatch(/^RIFF s[13]\//);
    }
    expect(await readFile(path.join(project.dir, 'merged/report.html'), 'utf8')).toContain('audio/c/t1-agent.wav');

    const bad = await runCli(['merge-reports', 's1', 's2', '-o', 'bad'], { cwd: project.dir });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toBe(
      'cxas-eval: merge-reports: 1 audio file(s) referenced by the results cannot be copied:\n' +
        '  s2/audio/b/t1-agent.wav is missing (specs/security.yaml › hostile content, turn 1)\n',
    );
    expect(existsSync(path.join(project.dir, 'bad'))).toBe(false);
  });

  it('never follows a symlink out of a shard directory', async () => {
    await shard('s4', withAudio(0, 'audio/d/t1-user.wav', 'audio/d/t1-agent.wav'), ['audio/d/t1-user.wav']);
    await symlink('/etc/hostname', path.join(project.dir, 's4/audio/d/t1-agent.wav'));
    await shard('s5', withAudio(7, 'audio/e/t1-user.wav', 'audio/e/t1-agent.wav'), ['audio/e/t1-agent.wav']);
    // A link that stays inside its shard is copied as the file it points to.
    await symlink('t1-agent.wav', path.join(project.dir, 's5/audio/e/t1-user.wav'));
    const out = await runCli(['merge-reports', 's4', '-o', 'leak'], { cwd: project.dir });
    expect(out.code).toBe(2);
    expect(out.stderr).toBe(
      'cxas-eval: merge-reports: 1 audio file(s) referenced by the results cannot be copied:\n' +
        '  s4/audio/d/t1-agent.wav leads outside its shard directory (a symlink) ' +
        '(specs/billing.yaml › balance lookup, turn 1)\n',
    );
    expect(existsSync(path.join(project.dir, 'leak'))).toBe(false);
    const inside = await runCli(['merge-reports', 's5', '-o', 'ok5'], { cwd: project.dir });
    expect(inside.code, inside.stderr).not.toBe(2);
    expect(await readFile(path.join(project.dir, 'ok5/audio/e/t1-user.wav'), 'utf8')).toBe(
      'RIFF s5/audio/e/t1-agent.wav',
    );
  });
});
