// The CLI keeps parsed spec and app files for its next start (src/validation/parse-cache.ts): a
// second `validate` reads them from the cache and says exactly what the first said, errors and
// their file:line:col included, and a run over cached files reports what a run over parsed ones
// does. Files that passed every check are not checked again, and a file with problems or whose
// value depends on the environment always is. The cache sits in the compile cache's private
// directory and is off with it.
import { afterAll, describe, expect, it } from 'vitest';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { DEMO_APP, ROOT, runCli, type CliResult } from '../helpers/cli.js';

const dir = mkdtempSync(path.join(tmpdir(), 'cxas-yaml-cache-e2e-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const base = (temp: string): string => path.join(temp, `cxas-eval-compile-cache-${process.getuid!()}`);

function newTemp(name: string): string {
  const temp = path.join(dir, name);
  mkdirSync(temp);
  return temp;
}

/** The CLI with its temp directory at `temp`; the cache's debug lines as [event, entry]. */
async function cli(args: string[], temp: string, env: NodeJS.ProcessEnv = {}) {
  const vars = { TMPDIR: temp, NODE_COMPILE_CACHE: undefined, NODE_DEBUG: 'cxas-yaml-cache', ...env };
  const result = await runCli(args, { cwd: ROOT, env: vars });
  const events = [...result.stderr.matchAll(/^CXAS-YAML-CACHE \d+: (\w+) (.+)$/gm)].map((m) => [m[1]!, m[2]!] as const);
  const stderr = result.stderr.replace(/^CXAS-YAML-CACHE .*\n/gm, '');
  return { ...result, stderr, events };
}

const said = (r: CliResult) => ({ code: r.code, stdout: r.stdout, stderr: r.stderr });

describe('parsed YAML kept between starts', () => {
  it('validate says the same from the cache, errors and their positions included', async () => {
    const temp = newTemp('validate');
    const specs = path.join(dir, 'specs');
    mkdirSync(specs);
    const broken = readFileSync(path.join(ROOT, 'specs/demo/support.yaml'), 'utf8')
      .replace('turns:', 'turns:\n      - usr: a misspelt key\n      - user: 42\n      - dtmf: [1]')
      .replace(/^conversations:/m, 'conversation_defaults: {}\nconversations:');
    writeFileSync(path.join(specs, 'broken.yaml'), broken);
    const args = ['validate', specs, path.join(ROOT, 'specs/demo/voice.yaml'), '--emulator', DEMO_APP];

    const first = await cli(args, temp);
    expect(first.code).not.toBe(0);
    expect(first.stderr).toMatch(/broken\.yaml:\d+:\d+ .*usr/);
    expect(first.events.filter(([e]) => e === 'hit')).toEqual([]);
    expect(first.events.filter(([e]) => e === 'wrote').length).toBeGreaterThanOrEqual(3);
    // A process that wrote has the directory swept (src/cli/cache-dir.ts), once its work is done.
    expect(existsSync(path.join(base(temp), 'yaml', '.swept'))).toBe(true);

    const second = await cli(args, temp);
    // voice.yaml and the app passed before; broken.yaml is checked again.
    expect(second.events.filter(([e]) => !['hit', 'passed', 'unpassed'].includes(e))).toEqual([]);
    expect(second.events.filter(([e]) => e === 'passed')).toHaveLength(2);
    expect(second.events.filter(([e]) => e === 'unpassed')).toHaveLength(1);
    expect(said(second)).toEqual(said(first));
  });

  it('a run over cached files reports what a run over parsed ones does', async () => {
    const temp = newTemp('run');
    const run = (out: string) =>
      cli(
        [
          'run',
          'specs/demo/support.yaml',
          '--emulator',
          DEMO_APP,
          '--no-judge',
          '--no-history',
          '--output-dir',
          out,
          '--reporter',
          'json',
        ],
        temp,
      );
    const first = await run(path.join(dir, 'out1'));
    const second = await run(path.join(dir, 'out2'));
    expect(first.code).toBe(0);
    // The run's options (src/library/option-checks.ts) differ by their output folder: checked once more.
    const other = ([e]: readonly [string, string]) => e !== 'hit' && e !== 'passed';
    expect(second.events.filter(other)).toEqual([
      ['unpassed', expect.any(String)],
      ['wrote', expect.stringMatching(/\.passed$/)],
    ]);
    // The spec and the app; then the run's options too (its paths among them: one entry).
    expect(second.events.filter(([e]) => e === 'passed')).toHaveLength(2);
    const third = await run(path.join(dir, 'out2'));
    expect(third.events.filter(other)).toEqual([]);
    expect(third.events.filter(([e]) => e === 'passed')).toHaveLength(3);
    // What the run found and where each conversation and turn is written (line:col from the cache).
    const conversations = (out: string) => {
      const doc = JSON.parse(readFileSync(path.join(dir, out, 'results.json'), 'utf8')) as {
        conversations: Array<{ name: string; status: string; loc: unknown; turns: Array<{ loc: unknown }> }>;
      };
      return doc.conversations.map((c) => [c.name, c.status, c.loc, c.turns.map((t) => t.loc)]);
    };
    expect(conversations('out1').flat(2)).toContainEqual({
      file: 'specs/demo/support.yaml',
      line: expect.any(Number),
      col: expect.any(Number),
    });
    expect(conversations('out2')).toEqual(conversations('out1'));
    expect(second.code).toBe(first.code);
  });

  it('checks a file whose value depends on the environment at every start', async () => {
    const temp = newTemp('env');
    const spec = path.join(dir, 'env.yaml');
    const text = [
      'conversations:',
      '  - name: by env',
      '    match: ${env.CXAS_TEST_MATCH}',
      '    turns: [{ user: hi }]',
    ];
    writeFileSync(spec, `${text.join('\n')}\n`);
    const validate = (match: string) => cli(['validate', spec], temp, { CXAS_TEST_MATCH: match });
    // The only file asked about is the demo app that validate checks the spec against.
    const asked = (r: { events: ReadonlyArray<readonly [string, string]> }) =>
      r.events.filter(([e]) => e === 'passed' || e === 'unpassed');
    const first = await validate('strict');
    expect(first.code).toBe(0);
    expect(asked(first)).toEqual([['unpassed', expect.any(String)]]);
    const wrong = await validate('exactly');
    expect(wrong.code).not.toBe(0);
    expect(wrong.stderr).toMatch(/env\.yaml:3:\d+ .*match/);
    const again = await validate('strict');
    expect(again.code).toBe(0);
    expect(asked(again)).toEqual([['passed', asked(first)[0]![1]]]);
  });

  it('is off with the compile cache (NODE_DISABLE_COMPILE_CACHE) and in a directory others can write to', async () => {
    const off = newTemp('off');
    const disabled = await cli(['validate', 'specs/demo'], off, { NODE_DISABLE_COMPILE_CACHE: '1' });
    expect(disabled.code).toBe(0);
    expect(disabled.events).toEqual([]);
    expect(existsSync(base(off))).toBe(false);

    const shared = newTemp('shared');
    mkdirSync(base(shared));
    chmodSync(base(shared), 0o777);
    const refused = await cli(['validate', 'specs/demo'], shared);
    expect(refused.code).toBe(0);
    expect(refused.events).toEqual([['off', `${base(shared)} is not a private directory of this user`]]);
    expect(existsSync(path.join(base(shared), 'yaml'))).toBe(false);
  });
});
