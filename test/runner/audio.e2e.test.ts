// Audio conversations through the real CLI: recorded WAVs and synthesised speech over the
// WebSocket bridge, recognised transcripts asserted, WAVs saved and linked from the JSON.
import { afterAll, describe, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import * as path from 'node:path';
import { readJson, ROOT, runArgs, runCli, tempProject } from '../helpers/cli.js';
import type { RunResult } from '../../src/model/result.js';

const wav = (name: string) => path.join(ROOT, 'specs/demo/audio', name);

describe('audio conversations', async () => {
  const p = await tempProject({
    // The WAVs are the demo's, outside this temp project: allowed explicitly.
    'cxas-eval.config.yaml': `files: { allowRoots: [${JSON.stringify(path.dirname(wav('bye.wav')))}] }\n`,
    'specs/voice.yaml': `
conversations:
  - name: recorded speech
    modality: audio
    pacing: fast
    variables: { authenticated: true }
    turns:
      - audio: { file: ${JSON.stringify(wav('balance.wav'))} }
        expect:
          - transcript: { equals: what is my balance }
          - text: { contains: "$42.5" }
      - dtmf: "1234#"
        expect: [ { text: { contains: verified } } ]
      - audio: { file: ${JSON.stringify(wav('bye.wav'))} }
        expect: [ { sessionEnded: true } ]
  - name: synthesised speech is not in the transcripts table
    modality: audio
    pacing: fast
    turns:
      - audio: { say: "hello there" }
        expect:
          - text: { contains: "didn't catch that" }
`,
  });
  afterAll(() => p.cleanup());

  it('runs both, asserts transcripts and links the saved WAVs', async () => {
    const res = await runCli(runArgs({ reporter: 'json,html' }), { cwd: p.dir });
    const results = await readJson<RunResult>(path.join(p.dir, 'out/results.json'));
    expect(
      results.conversations.map((c) => [c.name, c.status, c.error?.message]),
      res.stderr,
    ).toEqual([
      ['recorded speech', 'passed', undefined],
      ['synthesised speech is not in the transcripts table', 'passed', undefined],
    ]);
    const first = results.conversations[0]!.turns[0]!.result!;
    expect(first.recognizedTranscript).toBe('what is my balance');
    expect(first.latency.firstAudioMs).toBeGreaterThanOrEqual(0);
    expect(first.audio!.agentBytes).toBeGreaterThan(0);
    for (const rel of [first.audio!.userWav!, first.audio!.agentWav!]) {
      const bytes = await readFile(path.join(p.dir, 'out', rel));
      expect(bytes.subarray(0, 4).toString()).toBe('RIFF');
    }
    const html = await readFile(path.join(p.dir, 'out/report.html'), 'utf8');
    expect(html).toContain(first.audio!.agentWav!.split(path.sep).join('/'));
    expect(existsSync(path.join(p.dir, 'out/audio'))).toBe(true);
    expect(res.code).toBe(0);
  });
});
