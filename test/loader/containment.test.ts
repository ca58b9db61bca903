// Files contained: blob, image, audio and include paths resolve inside the project root (or the
// roots the config allows); `..`, absolute paths and symlinks leading out are refused at file:line:col,
// without reading or quoting the file. Include fan-out across files is bounded.
import { symlinkSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadSpecs } from '../../src/runner/load/index.js';
import { withInputLimits } from '../../src/validation/index.js';
import { runCli } from '../helpers/cli.js';
import { writeTree } from './helpers.js';

const OUTSIDE = /the path leads outside the project \(\.\); spec paths stay inside it unless the config lists more/;
let named = 0;
const turns = (...lines: string[]) => `conversations:\n  - name: c${named++}\n    turns:\n${lines.join('\n')}\n`;

async function messages(cwd: string, roots?: string[]): Promise<string[]> {
  const loaded = await loadSpecs(['specs'], { cwd, env: {}, ...(roots ? { roots } : {}) });
  return loaded.errors.map((e) => e.message);
}

describe('paths in specs stay inside the project', () => {
  it('refuses .., absolute paths and symlinks leading out, at the value', async () => {
    const outside = writeTree({
      'secret.yaml': 'conversations:\n  - name: leaked\n    turns: [ { user: sk-live-1 } ]\n',
    });
    const cwd = writeTree({
      'specs/a.yaml': turns(
        '      - blob: { file: ../../../../../../../etc/passwd }',
        '      - audio: { file: /etc/hostname }',
        '      - image: { file: link.png, mimeType: image/png }',
      ),
      'specs/c.yaml': `include: [linked.yaml]\n${turns('      - user: hi')}`,
    });
    const escape = path.relative(path.join(cwd, 'specs'), path.join(outside, 'secret.yaml'));
    writeFileSync(path.join(cwd, 'specs/b.yaml'), `include: [${escape}]\n${turns('      - user: hi')}`);
    symlinkSync('/etc/hostname', path.join(cwd, 'specs/link.png'));
    symlinkSync(path.join(outside, 'secret.yaml'), path.join(cwd, 'specs/linked.yaml'));
    const out = await messages(cwd);
    expect(out, out.join('\n')).toHaveLength(5);
    expect(out[0]).toMatch(/^specs\/a\.yaml:4:\d+ conversations\[0\]\.turns\[0\]\.blob\.file: /);
    expect(out[1]).toMatch(/^specs\/a\.yaml:5:\d+ conversations\[0\]\.turns\[1\]\.audio\.file: /);
    expect(out[2]).toMatch(/^specs\/a\.yaml:6:\d+ conversations\[0\]\.turns\[2\]\.image\.file: /);
    expect(out[3]).toMatch(/^specs\/b\.yaml:1:11 include\[0\]: /);
    expect(out[4]).toMatch(/^specs\/c\.yaml:1:11 include\[0\]: /);
    for (const m of out) expect(m).toMatch(OUTSIDE);
    expect(out.join('\n')).not.toMatch(/sk-live|leaked|root:/);
  });

  it('refuses custom matcher modules outside the project (code the run executes); a root allows them', async () => {
    const outside = writeTree({ 'evil.mjs': 'export function check() { return { pass: true }; }\n' });
    const modulePath = path.join(outside, 'evil.mjs');
    const custom = (module: string) =>
      `        expect: [{ custom: { module: ${JSON.stringify(module)}, export: check } }]`;
    const cwd = writeTree({ 'specs/ok.mjs': 'export function check() { return { pass: true }; }\n' });
    // A relative path from the spec's folder that climbs out, an absolute one, a symlink out.
    writeFileSync(
      path.join(cwd, 'specs/a.yaml'),
      turns(
        '      - user: hi',
        custom(path.relative(path.join(cwd, 'specs'), modulePath)),
        '      - user: again',
        custom(modulePath),
        '      - user: linked',
        custom('linked.mjs'),
        '      - user: inside',
        custom('ok.mjs'),
      ),
    );
    symlinkSync(modulePath, path.join(cwd, 'specs/linked.mjs'));
    const out = await messages(cwd);
    expect(out, out.join('\n')).toHaveLength(3);
    out.forEach((m, i) => {
      const at = `conversations\\[0\\]\\.turns\\[${i}\\]\\.expect\\[0\\]\\.custom\\.module`;
      expect(m).toMatch(new RegExp(`^specs/a\\.yaml:${5 + i * 2}:\\d+ ${at}: `));
      expect(m).toMatch(OUTSIDE);
    });
    expect(await messages(cwd, [cwd, outside])).toEqual([]);
  });

  it('accepts the same paths when the roots allow them, and symlinks that stay inside', async () => {
    const shared = writeTree({ 'shared.yaml': 'defaults: { tags: [shared] }\n', 'r.bin': 'x' });
    const cwd = writeTree({
      'specs/a.yaml': `include: [${path.join(shared, 'shared.yaml')}]\n${turns(
        `      - blob: { file: ${path.join(shared, 'r.bin')} }`,
        '      - blob: { file: inside.bin }',
      )}`,
      'data/real.bin': 'y',
    });
    symlinkSync(path.join(cwd, 'data/real.bin'), path.join(cwd, 'specs/inside.bin'));
    expect((await messages(cwd)).filter((m) => OUTSIDE.test(m))).toHaveLength(2);
    expect(await messages(cwd, [cwd, shared])).toEqual([]);
  });

  it('takes the root from the config file folder and files.allowRoots from the config (validate)', async () => {
    const cwd = writeTree({
      'project/cxas-eval.config.yaml': 'specs: [specs]\nfiles: { allowRoots: [../fixtures] }\n',
      'project/specs/a.yaml': turns(
        '      - blob: { file: ../../fixtures/r.bin }',
        '      - blob: { file: ../../x/s.bin }',
      ),
      'fixtures/r.bin': 'x',
      'x/s.bin': 'API_KEY=sk-live-TOPSECRET',
    });
    const r = await runCli(['validate', '--config', 'project/cxas-eval.config.yaml', 'project/specs'], {
      cwd,
    });
    expect(r.code, r.stderr).toBe(2);
    const at = /project\/specs\/a\.yaml:5:\d+ conversations\[0\]\.turns\[1\]\.blob\.file: /;
    expect(r.stderr).toMatch(new RegExp(`${at.source}the path leads outside the project \\(project, fixtures\\)`));
    expect(r.stderr).not.toMatch(/turns\[0\]/);
    expect(r.stderr).not.toContain('TOPSECRET');
  });
});

describe('include fan-out across files', () => {
  it('is bounded in total bytes, each inclusion counted, with a clear error', async () => {
    const files: Record<string, string> = { 'specs/frag.yaml': `defaults: { tags: [${'t'.repeat(1000)}] }\n` };
    for (let i = 0; i < 5; i++) files[`specs/s${i}.yaml`] = `include: [frag.yaml]\n${turns('      - user: hi')}`;
    const cwd = writeTree(files);
    const out = await withInputLimits({ includedBytes: 3500 }, () => messages(cwd));
    expect(out).toEqual([
      'specs/s3.yaml:1:11 include[0]: the fragments included by all spec files together are over 3500 bytes ' +
        '(each inclusion counts; config limits.includedBytes)',
      'specs/s4.yaml:1:11 include[0]: the fragments included by all spec files together are over 3500 bytes ' +
        '(each inclusion counts; config limits.includedBytes)',
    ]);
    expect(await messages(cwd)).toEqual([]);
  });
});

describe('a fragment with conversations', () => {
  it('belongs to one spec file: a second file including it gets one error, not one per conversation', async () => {
    const fragment = Array.from({ length: 50 }, (_, i) => `  - name: shared ${i}\n    turns: [ { user: hi } ]`);
    const files: Record<string, string> = { 'specs/frag.yaml': `conversations:\n${fragment.join('\n')}\n` };
    for (let i = 0; i < 3; i++) files[`specs/s${i}.yaml`] = `include: [frag.yaml]\n${turns('      - user: hi')}`;
    const out = await messages(writeTree(files));
    expect(out).toEqual(
      [1, 2].map(
        (i) =>
          `specs/s${i}.yaml:1:11 include[0]: specs/frag.yaml holds conversations and is already included by ` +
          'specs/s0.yaml; a fragment with conversations belongs to one spec file (share defaults instead)',
      ),
    );
  });
});
