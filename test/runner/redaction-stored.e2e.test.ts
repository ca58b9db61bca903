// A run masked by `redact:` is still a stored run every reader can read: --last-failed, rescore,
// merge-reports, run --replay and the history (the masking leaves the model's ids, times and
// statuses alone). A pattern that matches the empty string is refused where it is written.
import { afterAll, describe, expect, it } from 'vitest';
import * as path from 'node:path';
import { readJson, runArgs, runCli, tempProject } from '../helpers/cli.js';
import type { RunResult } from '../../src/model/result.js';

const SPEC = `
conversations:
  - name: PIN accepted
    turns:
      - event: WELCOME
      - dtmf: "1234#"
        expect:
          - text: { contains: "never said" }
`;

describe('stored runs under redact:', async () => {
  const p = await tempProject({
    'specs/pin.yaml': SPEC,
    'cxas-eval.config.yaml': 'redact: ["\\\\b\\\\d{4}\\\\b"]\n',
  });
  afterAll(() => p.cleanup());
  const cli = (args: string[]) => runCli(args, { cwd: p.dir });
  const notStored = /not a cxas-eval results\.json/;

  it('are read back by every reader', async () => {
    const first = await cli(runArgs({}));
    expect(first.code, first.stderr).toBe(1);
    const stored = await readJson<RunResult>(path.join(p.dir, 'out/results.json'));
    expect(stored.startedAt).toMatch(/^\d{4}-\d\d-\d\dT/);
    expect(JSON.stringify(stored)).not.toContain('1234');

    const again = await cli(runArgs({}, '--last-failed'));
    expect(again.stderr).not.toMatch(notStored);
    expect(again.code, again.stderr).toBe(1);

    const merged = await cli(['merge-reports', 'out', '--output-dir', 'merged']);
    expect(merged.stderr).not.toMatch(notStored);
    expect(merged.code, merged.stderr).toBe(1);

    const rescored = await cli(['rescore', '@latest', 'specs', '--output-dir', 'rescored']);
    expect(rescored.stderr).not.toMatch(notStored);
    expect(rescored.code, rescored.stderr).not.toBe(2);

    const replayed = await cli(runArgs({ outputDir: 'replayed' }, '--replay', '@latest'));
    expect(replayed.stderr).not.toMatch(notStored);
    expect(replayed.code, replayed.stderr).not.toBe(2);

    const runs = await cli(['runs']);
    expect(runs.code, runs.stderr).toBe(0);
    expect(runs.stdout).not.toContain('[REDAC');
    expect(runs.stdout).toMatch(/\d{4}-\d\d-\d\d \d\d:\d\d/);
  }, 60_000);

  it('refuse a pattern that matches the empty string, at its place in the config', async () => {
    await p.write('empty/cxas-eval.config.yaml', 'redact:\n  - "\\\\b\\\\d{4}\\\\b"\n  - "[0-9]*"\n');
    await p.write('empty/specs/pin.yaml', SPEC);
    const r = await runCli(runArgs({}), { cwd: path.join(p.dir, 'empty') });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('cxas-eval.config.yaml:3:5');
    expect(r.stderr).toContain('matches the empty string');
  });
});
