// A conversation whose name `redact:` masks is found again by the readers of a stored run: results.json
// holds the masked id, the specs the real one (--last-failed, rescore, run --replay). A failed
// conversation --last-failed cannot find is an error, never "nothing to re-run"; an input the
// recording masks is never taken as unchanged.
import { afterAll, describe, expect, it } from 'vitest';
import * as path from 'node:path';
import { readJson, runArgs, runCli, tempProject } from '../helpers/cli.js';
import type { RunResult } from '../../src/model/result.js';

const CARD = '4111111111111111';
const SPEC = (name: string) => `
conversations:
  - name: "${name}"
    turns:
      - user: refund please
        expect:
          - text: { contains: "3 business days" }
  - name: greeting
    turns:
      - event: WELCOME
  - name: card in the input
    turns:
      - user: my card is ${CARD}
`;

describe('readers of a run whose names redact: masks', async () => {
  const p = await tempProject({
    'specs/cards.yaml': SPEC(`refund to card ${CARD}`),
    'cxas-eval.config.yaml': 'redact: ["\\\\b\\\\d{16}\\\\b"]\n',
  });
  afterAll(() => p.cleanup());
  const cli = (args: string[]) => runCli(args, { cwd: p.dir });
  const statuses = async (dir: string) => {
    const r = await readJson<RunResult>(path.join(p.dir, dir, 'results.json'));
    return Object.fromEntries(r.conversations.map((c) => [c.name, [c.status, c.skipReason ?? c.error?.message]]));
  };

  it('find the conversation by its masked id', async () => {
    const first = await cli(runArgs({}));
    expect(first.code, first.stderr).toBe(1);
    const masked = `refund to card [REDACTED]`;
    expect((await statuses('out'))[masked]).toEqual(['failed', undefined]);

    const rescored = await cli(['rescore', 'out/results.json', 'specs', '--output-dir', 'rescored']);
    expect(rescored.code, rescored.stderr).toBe(1);
    const r = await statuses('rescored');
    expect(r[masked]).toEqual(['failed', undefined]);
    expect(r['greeting']).toEqual(['passed', undefined]);
    // The masked input cannot be compared: not rescored, and said why.
    expect(r['card in the input']![0]).toBe('skipped');
    expect(r['card in the input']![1]).toContain('masks (redact:) the inputs of turn 1');

    const replayed = await cli(runArgs({ outputDir: 'replayed' }, '--replay', 'out/results.json'));
    expect(replayed.code, replayed.stderr).toBe(1);
    const rp = await statuses('replayed');
    expect(rp[masked]).toEqual(['failed', undefined]);
    expect(rp['greeting']).toEqual(['passed', undefined]);
    expect(rp['card in the input']![0]).toBe('error');
    expect(rp['card in the input']![1]).toContain('holds this input masked by redact:');

    const again = await cli(runArgs({}, '--last-failed'));
    expect(again.code, again.stderr + again.stdout).toBe(1);
    expect(Object.keys(await statuses('out'))).toEqual([masked]);
  }, 60_000);

  it('--last-failed says a failed conversation it cannot find, and does not exit 0', async () => {
    await p.write('specs/cards.yaml', SPEC('refund to my card'));
    const r = await cli(runArgs({}, '--last-failed'));
    expect(r.stdout).not.toContain('nothing to re-run');
    expect(r.stderr).toContain('specs/cards.yaml#refund to card [REDACTED]');
    expect(r.stderr).not.toContain(CARD);
    expect(r.code).toBe(2);
  });
});
