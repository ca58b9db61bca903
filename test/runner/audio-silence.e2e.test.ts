// A `say:` turn whose text speaks as silence ("...") is that conversation's error at once, never
// sent to wait for its timeout and then retried as a transient failure.
import { afterAll, describe, expect, it } from 'vitest';
import * as path from 'node:path';
import { readJson, runArgs, runCli, tempProject } from '../helpers/cli.js';
import type { RunResult } from '../../src/model/result.js';

describe('silent synthesised speech', async () => {
  const p = await tempProject({
    'specs/dots.yaml': `
conversations:
  - name: say punctuation
    modality: audio
    pacing: fast
    turns:
      - audio: { say: "..." }
        expect: [ { text: { contains: catch } } ]
`,
  });
  afterAll(() => p.cleanup());

  it('is a conversation error on the first attempt, not a timeout retried', async () => {
    const res = await runCli(runArgs({}, '--timeout', '2000', '--retries', '2', '--no-coverage'), { cwd: p.dir });
    const c = (await readJson<RunResult>(path.join(p.dir, 'out/results.json'))).conversations[0]!;
    expect([c.status, c.attempts.length, c.error?.transient], res.stderr).toEqual(['error', 1, false]);
    expect(c.error?.message).toBe(
      'synthesising "..." with espeak: "..." speaks as silence: no sample of the synthesised audio is louder ' +
        'than the silence threshold (about -54 dBFS), so nothing would be heard; write words to say',
    );
    expect(c.durationMs).toBeLessThan(2000);
    expect(res.code).toBe(1);
  });
});
