// A custom JS matcher module, resolved relative to the spec file, through the real CLI.
import { afterAll, describe, expect, it } from 'vitest';
import * as path from 'node:path';
import { readJson, runArgs, runCli, tempProject } from '../helpers/cli.js';
import type { RunResult } from '../../src/model/result.js';

describe('custom matchers', async () => {
  const p = await tempProject({
    'specs/checks/polite.mjs': `
export default ({ turn }) => ({
  pass: /welcome/i.test(turn.text),
  message: 'expected a welcome; got ' + JSON.stringify(turn.text),
});
export function shortReply({ turn, options }) { return turn.text.length <= options.max; }
`,
    'specs/custom.yaml': `
conversations:
  - name: custom checks
    turns:
      - event: WELCOME
        expect:
          - custom: { module: ./checks/polite.mjs }
          - custom: { module: ./checks/polite.mjs, export: shortReply, options: { max: 10 } }
`,
  });
  afterAll(() => p.cleanup());

  it('loads the module once, runs each export, and reports a failing one with its message', async () => {
    const res = await runCli(runArgs(), { cwd: p.dir });
    const results = await readJson<RunResult>(path.join(p.dir, 'out/results.json'));
    const assertions = results.conversations[0]!.turns[0]!.assertions;
    expect(
      assertions.map((a) => a.status),
      res.stderr,
    ).toEqual(['passed', 'failed']);
    expect(assertions[1]!.message).toContain('shortReply');
    expect(res.code).toBe(1);
  });
});
