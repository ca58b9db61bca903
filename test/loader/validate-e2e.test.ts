// The built CLI on a large suite: every file's errors reported, in order, with suite-wide checks.
import { writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { writeTree } from './helpers.js';

describe('cxas-eval validate (built CLI)', () => {
  it('reports errors from every file of a 700-file suite, duplicate names within a file included', async () => {
    const cwd = writeTree({});
    for (let i = 0; i < 700; i++) {
      // s650 repeats s001's name (fine: ids are file#name) and then its own (an error).
      const name = i === 650 ? 'c1' : `c${i}`;
      const turn = i === 607 ? '{ usr: x }' : '{ user: x }';
      const again = i === 650 ? `  - name: c1\n    turns: [${turn}]\n` : '';
      writeFileSync(
        path.join(cwd, `s${String(i).padStart(3, '0')}.yaml`),
        `conversations:\n  - name: ${name}\n    turns: [${turn}]\n${again}`,
      );
    }
    const r = await runCli(['validate', '.'], { cwd });
    expect(r.stderr).toBe(
      [
        's607.yaml:3:15 conversations[0].turns[0]: unknown key "usr" (did you mean "user"?)',
        's650.yaml:4:5 conversations[1].name: duplicate conversation name "c1" (first defined at s650.yaml:2:5)',
        '2 errors in 2 files',
        '',
      ].join('\n'),
    );
    expect(r.code).toBe(2);
  }, 30_000);
});
