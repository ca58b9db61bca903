// Redaction end to end: a secret seeded as a string, a number, a key, a conversation name, a spec path
// (so a golden path) and an audio conversation's name never appears in any byte or file name written
// under the output and goldens directories, nor on stdout.
import { afterAll, describe, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import * as path from 'node:path';
import { readJson, ROOT, runArgs, runCli, tempProject } from '../helpers/cli.js';
import type { RunResult } from '../../src/model/result.js';

const SECRET = '4111111111111111';
const AUDIO = path.join(ROOT, 'specs/demo/audio');
const wav = JSON.stringify(path.join(AUDIO, 'balance.wav'));

const SPEC = `
conversations:
  - name: card ${SECRET} text
    turns:
      - user: my card is ${SECRET}
      - variables: { card: ${SECRET}, k${SECRET}: true }
  - name: voice ${SECRET}
    modality: audio
    pacing: fast
    turns:
      - audio: { file: ${wav} }
`;

/** Every path under dir (relative) with its bytes. */
async function everything(dir: string): Promise<Array<{ name: string; bytes: Buffer }>> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return Promise.all(
    entries.map(async (e) => {
      const full = path.join(e.parentPath, e.name);
      return { name: path.relative(dir, full), bytes: e.isFile() ? await readFile(full) : Buffer.alloc(0) };
    }),
  );
}

describe('redaction', async () => {
  const p = await tempProject({
    [`specs/acct-${SECRET}.yaml`]: SPEC,
    // The WAV is the demo's, outside this temp project: allowed explicitly.
    'cxas-eval.config.yaml': `redact: ["\\\\d{16}"]\nfiles: { allowRoots: [${JSON.stringify(AUDIO)}] }\n`,
  });
  afterAll(() => p.cleanup());
  const run = (extra: string[]) =>
    runCli(runArgs({ reporter: 'json,junit,html,list,github' }, ...extra), {
      cwd: p.dir,
      env: { GITHUB_ACTIONS: 'true', GITHUB_STEP_SUMMARY: path.join(p.dir, 'out/summary.md') },
    });

  it('masks the secret in every report, golden, file name and folder name', async () => {
    const recorded = await run(['--update-goldens']);
    expect(recorded.code === 0 || recorded.code === 1, recorded.stderr).toBe(true);
    const compared = await run(['--goldens', 'goldens']);
    const results = await readJson<RunResult>(path.join(p.dir, 'out/results.json'));
    expect(results.conversations.map((c) => c.golden?.status)).toEqual(['matched', 'matched']);
    const variables = results.conversations[0]!.turns[1]!.inputs[0] as { variables: Record<string, unknown> };
    expect(variables.variables).toEqual({ card: '[REDACTED]', 'k[REDACTED]': true });
    const audio = results.conversations[1]!.turns[0]!.result!.audio!;
    expect(existsSync(path.join(p.dir, 'out', audio.userWav!)), audio.userWav).toBe(true);

    const written = [
      ...(await everything(path.join(p.dir, 'out'))),
      ...(await everything(path.join(p.dir, 'goldens'))),
    ];
    expect(written.map((w) => w.name)).toEqual(expect.arrayContaining(['junit.xml', 'report.html', 'summary.md']));
    expect(
      written.some((w) => w.name.endsWith('.yaml')),
      'a golden was written',
    ).toBe(true);
    for (const w of written) {
      expect(w.name).not.toContain(SECRET);
      expect(w.bytes.toString('latin1').includes(SECRET), `${w.name} holds the secret`).toBe(false);
    }
    for (const out of [recorded.stdout, compared.stdout]) expect(out).not.toContain(SECRET);
  }, 60_000);
});
