// merge-reports copies the audio files the shards' results link to, and refuses when one is missing.
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
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
});
