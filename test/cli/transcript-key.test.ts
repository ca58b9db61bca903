// `cxas-eval emulator transcript-key` through the built CLI: a recording's key is the one the demo
// app's transcripts.json lists for it, a sentence's key (--say) makes an app of one's own recognise
// it in a real audio run, and speech the emulator cannot recognise names the key it computed.
import { readFile } from 'node:fs/promises';
import * as path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { RunResult } from '../../src/model/result.js';
import { ROOT, readJson, runCli, tempProject } from '../helpers/cli.js';
import { skipWithoutEspeak } from '../helpers/system-tools.js';

const key = (args: string[], cwd: string) => runCli(['emulator', 'transcript-key', ...args], { cwd });

describe('emulator transcript-key', async () => {
  const project = await tempProject({});
  afterAll(() => project.cleanup());
  const demoTable = JSON.parse(await readFile(path.join(ROOT, 'specs/demo/audio/transcripts.json'), 'utf8')) as Record<
    string,
    string
  >;

  it('prints the key the demo transcripts table lists for a recording, per wire format', async () => {
    const wav = path.join(ROOT, 'specs/demo/audio/balance.wav');
    const [linear, mulaw, neither] = await Promise.all([
      key([wav], project.dir),
      key([wav, '--encoding', 'MULAW'], project.dir),
      key([], project.dir),
    ]);
    expect(linear.code).toBe(0);
    expect(mulaw.code).toBe(0);
    expect(demoTable[linear.stdout.trim()]).toBe('what is my balance');
    expect(demoTable[mulaw.stdout.trim()]).toBe('what is my balance');
    expect(mulaw.stdout).not.toBe(linear.stdout);
    expect(neither).toMatchObject({
      code: 2,
      stderr: 'cxas-eval: transcript-key needs a WAV file or --say TEXT (one of them)\n',
    });
  });

  it.skipIf(skipWithoutEspeak())(
    '--say keys make an app recognise the sentence; an unknown one names its key',
    async () => {
      const [known, unknown] = await Promise.all([
        key(['--say', 'I need a refund'], project.dir),
        key(['--say', 'something else entirely'], project.dir),
      ]);
      const knownKey = known.stdout.trim();
      expect(knownKey).toMatch(/^[0-9a-f]{64}$/);
      await project.write(
        'app.yaml',
        [
          'app: projects/p/locations/us/apps/voice',
          'rootAgent: root',
          `transcripts: { "${knownKey}": "I need a refund" }`,
          'agents:',
          '  root:',
          '    routes:',
          '      - { on: { text: refund }, say: "Refund started." }',
          '      - { on: { unrecognized: true }, say: "Say again?" }',
          '',
        ].join('\n'),
      );
      await project.write(
        'voice.yaml',
        [
          'conversations:',
          '  - name: refund by voice',
          '    modality: audio',
          '    pacing: fast',
          '    turns:',
          '      - audio: { say: "I need a refund" }',
          '        expect: [{ transcript: { equals: I need a refund } }, { text: Refund started. }]',
          '      - audio: { say: "something else entirely" }',
          '        expect: [{ transcript: anything }]',
          '',
        ].join('\n'),
      );
      const run = await runCli(
        ['run', 'voice.yaml', '--emulator', 'app.yaml', '--reporter', 'json', '--output-dir', 'out'],
        {
          cwd: project.dir,
        },
      );
      expect(run.code).toBe(1);
      const result = await readJson<RunResult>(path.join(project.dir, 'out/results.json'));
      const [heard, unheard] = result.conversations[0]!.turns;
      expect(heard!.assertions.map((a) => a.status)).toEqual(['passed', 'passed']);
      expect(unheard!.assertions[0]).toMatchObject({
        status: 'error',
        message: expect.stringContaining(
          `the emulator computed transcript key ${unknown.stdout.trim()}, ` +
            "which its app's transcripts table does not list",
        ) as string,
      });
    },
  );
});
