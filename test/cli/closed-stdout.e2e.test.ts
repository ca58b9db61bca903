// `cxas-eval run … | head -1`: the reader of stdout goes away after the first line. The run must
// not crash on EPIPE: it goes on, writes every report and exits with the run's own code.
import { afterAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import { CLI, readJson, runArgs, tempProject } from '../helpers/cli.js';
import type { RunResult } from '../../src/model/result.js';

const conversations = Array.from(
  { length: 40 },
  (_, i) => `  - name: greeting ${i}\n    turns: [ { event: WELCOME, expect: [ { text: { contains: Welcome } } ] } ]`,
).join('\n');

describe('a closed stdout', async () => {
  const p = await tempProject({ 'specs/s.yaml': `conversations:\n${conversations}\n` });
  afterAll(() => p.cleanup());

  it('run | head -1: no crash, every report written, the exit code is the run’s', () => {
    const cli = [process.execPath, CLI, ...runArgs({ reporter: 'list,json,junit' })].map((a) => `'${a}'`).join(' ');
    const res = spawnSync('bash', ['-c', `set -o pipefail; ${cli} | head -1`], {
      cwd: p.dir,
      encoding: 'utf8',
      env: { ...process.env, CI: '', NO_COLOR: '1' },
    });
    expect(res.stdout.split('\n').filter(Boolean)).toHaveLength(1);
    expect(res.stderr).not.toMatch(/EPIPE|Unhandled|Error:/);
    expect(res.status, res.stderr).toBe(0);
    expect(existsSync(path.join(p.dir, 'out/junit.xml'))).toBe(true);
    return readJson<RunResult>(path.join(p.dir, 'out/results.json')).then((r) => {
      expect(r.summary.passed).toBe(40);
      expect(r.status).toBe('passed');
    });
  });
});
