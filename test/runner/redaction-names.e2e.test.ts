// Conversation names that differ only where `redact:` masks them would share one id, one golden file
// and one audio folder: the loader refuses them at the later one (file:line:col), showing masked
// names only; names that differ elsewhere keep goldens and ids apart.
import { afterAll, describe, expect, it } from 'vitest';
import { readdir } from 'node:fs/promises';
import * as path from 'node:path';
import { readJson, runArgs, runCli, tempProject } from '../helpers/cli.js';
import type { RunResult } from '../../src/model/result.js';

const spec = (name: string) => `
conversations:
  - name: "${name}"
    each:
      - { card: "4111111111111111", acct: ACC-1001 }
      - { card: "4222222222222222", acct: ACC-404 }
    variables: { authenticated: true, account_id: "\${each.acct}" }
    golden: true
    turns:
      - user: What is my balance?
`;

describe('names that redact: would make alike', async () => {
  const p = await tempProject({
    'specs/cards.yaml': spec('balance for card ${each.card}'),
    'cxas-eval.config.yaml': 'redact: ["\\\\b\\\\d{16}\\\\b"]\ngolden: { text: exact }\n',
  });
  afterAll(() => p.cleanup());
  const cli = (args: string[]) => runCli(args, { cwd: p.dir });

  it('are refused where the later one is written, by run and validate', async () => {
    for (const args of [runArgs({}, '--update-goldens', '--no-history'), ['validate']]) {
      const r = await cli(args);
      expect(r.code, r.stdout).toBe(2);
      expect(r.stderr).toContain('specs/cards.yaml:6:9');
      expect(r.stderr).toContain('"balance for card [REDACTED]" is the same as the one at specs/cards.yaml:5:9');
      for (const card of ['4111111111111111', '4222222222222222']) expect(r.stderr).not.toContain(card);
    }
  });

  it('keep their goldens and ids apart when they differ elsewhere', async () => {
    await p.write('specs/cards.yaml', spec('balance for card ${each.card} of ${each.acct}'));
    const recorded = await cli(runArgs({}, '--update-goldens', '--no-history'));
    expect(recorded.code, recorded.stderr).toBe(0);
    const goldens = await readdir(path.join(p.dir, 'goldens/specs/cards'));
    expect(goldens).toHaveLength(2);
    const compared = await cli(runArgs({}, '--no-history'));
    expect(compared.code, compared.stdout).toBe(0);
    const result = await readJson<RunResult>(path.join(p.dir, 'out/results.json'));
    expect(new Set(result.conversations.map((c) => c.id)).size).toBe(2);
  });
});
