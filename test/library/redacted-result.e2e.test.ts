// With `redact:`, the result run() returns is the run as its reports and history recorded it: masked
// (what an embedder passes on leaks nothing results.json hides), with results.json's ids. Against
// the bundled emulator.
import { readFile } from 'node:fs/promises';
import * as path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { run } from '../../src/library/run.js';
import { DEMO_APP, tempProject } from '../helpers/cli.js';

const SPEC = `conversations:
  - name: balance of ACC-1001
    turns:
      - event: WELCOME
      - user: my account is ACC-1001
`;

describe('the result of a redacted run', async () => {
  const project = await tempProject({ 'specs/s.yaml': SPEC });
  afterAll(() => project.cleanup());

  it('is masked as results.json is, with its ids', async () => {
    const { result } = await run({
      cwd: project.dir,
      emulator: DEMO_APP,
      config: { redact: ['ACC-\\d+'] },
      reporters: ['json'],
      coverage: false,
      history: false,
      io: { out: () => {}, warn: () => {} },
    });
    const written = await readFile(path.join(project.dir, 'reports/results.json'), 'utf8');
    expect(written).not.toContain('ACC-1001');
    expect(JSON.stringify(result)).not.toContain('ACC-1001');
    expect(result.conversations.map((c) => c.name)).toEqual(['balance of [REDACTED]']);
    expect(JSON.parse(JSON.stringify(result))).toEqual(JSON.parse(written));
  });
});
