// A long numeric id written unquoted is rounded by any YAML reader (12345678901234567890 reads as
// 12345678901234567000, the same double as its neighbours), so it matched other ids. It is a load
// error at its place, asking for quotes; quoted, it keeps every digit. Real CLI, the demo app.
import * as path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { RunResult } from '../../src/model/result.js';
import { readJson, runArgs, runCli, tempProject } from '../helpers/cli.js';

const spec = (expected: string) => `conversations:
  - name: long numeric id
    variables: { authenticated: true, account_id: "12345678901234567999" }
    turns:
      - user: What is my balance?
        expect:
          - toolCall: { name: lookup_account, args: { account_id: ${expected} } }
`;

describe('long numeric ids', async () => {
  const p = await tempProject({
    'unquoted/s.yaml': spec('12345678901234567890'),
    'quoted/s.yaml': `${spec('"12345678901234567890"')}  - name: the same id
    variables: { authenticated: true, account_id: "12345678901234567999" }
    turns:
      - user: What is my balance?
        expect:
          - toolCall: { name: lookup_account, args: { account_id: "12345678901234567999" } }
`,
  });
  afterAll(() => p.cleanup());

  it('refuses an unquoted one at its place, in validate and run', async () => {
    const want =
      'unquoted/s.yaml:7:67: the integer 12345678901234567890 is beyond ±2^53 and would be read as ' +
      '12345678901234567000: quote it as a string ("12345678901234567890")';
    const validate = await runCli(['validate', 'unquoted'], { cwd: p.dir });
    expect(validate.code).toBe(2);
    expect(validate.stdout + validate.stderr).toContain(want);
    const run = await runCli(runArgs({ specs: 'unquoted' }, '--no-judge'), { cwd: p.dir });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(want);
  });

  it('matches a quoted one digit for digit', async () => {
    const res = await runCli(runArgs({ specs: 'quoted' }, '--no-judge'), { cwd: p.dir });
    expect(res.code).toBe(1);
    const result = await readJson<RunResult>(path.join(p.dir, 'out/results.json'));
    expect(Object.fromEntries(result.conversations.map((c) => [c.name, c.status]))).toEqual({
      'long numeric id': 'failed',
      'the same id': 'passed',
    });
  });
});
