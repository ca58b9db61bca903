// A turn of variables only in an audio conversation: over BidiRunSession the platform applies a
// variables frame with the turn that follows on its stream, and each turn has a socket of its
// own, so the client sends them again with the next turn (src/client/sessions.ts heldVariables).
import { afterAll, describe, expect, it } from 'vitest';
import * as path from 'node:path';
import { DEMO_FILES_CONFIG, readJson, ROOT, runArgs, runCli, tempProject } from '../helpers/cli.js';
import type { RunResult } from '../../src/model/result.js';

const BALANCE = JSON.stringify(path.join(ROOT, 'specs/demo/audio/balance.wav'));

describe('variables-only turns in audio conversations', async () => {
  const p = await tempProject({
    'cxas-eval.config.yaml': DEMO_FILES_CONFIG,
    'specs/voice.yaml': `conversations:
  - name: audio
    modality: audio
    pacing: fast
    turns:
      - variables: { authenticated: true }
      - audio: { file: ${BALANCE} }
        expect: [ { text: { contains: "Your balance is" } } ]
  - name: text
    turns:
      - variables: { authenticated: true }
      - user: what is my balance
        expect: [ { text: { contains: "Your balance is" } } ]
`,
  });
  afterAll(() => p.cleanup());

  it('apply to the next turn as they do in the text modality', async () => {
    const res = await runCli(runArgs({}, '--no-history', '--retries', '0'), { cwd: p.dir });
    const results = await readJson<RunResult>(path.join(p.dir, 'out/results.json'));
    expect(
      results.conversations.map((c) => [c.name, c.status, c.error?.message]),
      res.stderr,
    ).toEqual([
      ['audio', 'passed', undefined],
      ['text', 'passed', undefined],
    ]);
    // Reports show each turn's own inputs: the variables stay with the turn that gave them.
    const [vars, speech] = results.conversations[0]!.turns;
    expect(vars!.inputs.map((i) => i.kind)).toEqual(['variables']);
    expect(speech!.inputs.map((i) => i.kind)).toEqual(['audio']);
  }, 60_000);
});
