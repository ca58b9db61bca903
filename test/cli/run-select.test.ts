// `run --list`, `--grep`/`--grep-invert` over "file › name", `--last-failed` and `--watch`,
// through the built CLI against the bundled demo emulator.
import { readFile, writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ROOT, runCli, startCli, tempProject } from '../helpers/cli.js';

const conversation = ([name, want]: [string, string]) =>
  `  - name: ${name}\n    turns:\n      - event: WELCOME\n        expect:\n          - text: { contains: ${want} }\n`;
const spec = (names: Array<[string, string]>) => `conversations:\n${names.map(conversation).join('')}`;
const A = spec([
  ['greets', 'Welcome'],
  ['fails on purpose', 'Goodbye forever'],
]);
const B = spec([['other greeting', 'Welcome']]);

describe('run selection', async () => {
  const project = await tempProject({ 'specs/a.yaml': A, 'specs/b.yaml': B });
  afterAll(() => project.cleanup());
  const cli = (...args: string[]) => runCli(['run', ...args], { cwd: project.dir });
  const listed = (stdout: string) =>
    stdout
      .split('\n')
      .filter((l) => l.startsWith('  '))
      .map((l) => l.trim());

  it('--list prints file:line:col › name, exits 0; --grep takes /re/flags or a part of "file › name"', async () => {
    const [all, re, sub, inverted, bad] = await Promise.all([
      cli('specs', '--list'),
      cli('specs', '--list', '--grep', '/^specs\\/a.*GREETS$/i'),
      cli('specs', '--list', '--grep', 'b.yaml › OTHER'),
      cli('specs', '--list', '--grep-invert', '/purpose|other/'),
      cli('specs', '--list', '--grep', '/(/'),
    ]);
    expect(all.code).toBe(0);
    expect(listed(all.stdout)).toEqual([
      'specs/a.yaml:2:5 › greets',
      'specs/a.yaml:7:5 › fails on purpose',
      'specs/b.yaml:2:5 › other greeting',
    ]);
    expect(all.stdout).toContain('3 conversations in 2 files');
    expect(listed(re.stdout)).toEqual(['specs/a.yaml:2:5 › greets']);
    expect(listed(sub.stdout)).toEqual(['specs/b.yaml:2:5 › other greeting']);
    expect(listed(inverted.stdout)).toEqual(['specs/a.yaml:2:5 › greets']);
    expect([bad.code, bad.stderr.trim()]).toEqual([
      2,
      'cxas-eval: --grep /(/: Invalid regular expression: /(/: Unterminated group',
    ]);
  });

  it('a repeated --grep selects what any pattern matches, --grep-invert leaves out what any matches', async () => {
    const config = path.join(project.dir, 'grep-list.config.yaml');
    await writeFile(config, "grep: ['/greets$/', b.yaml]\n");
    const [both, inverted, fromConfig, overridden, bad] = await Promise.all([
      cli('specs', '--list', '--grep', '/greets$/', '--grep', 'b.yaml › OTHER'),
      cli('specs', '--list', '--grep-invert', 'purpose', '--grep-invert', '/other/'),
      cli('specs', '--list', '-c', config),
      cli('specs', '--list', '-c', config, '--grep', 'purpose'),
      cli('specs', '--list', '--grep', 'greets', '--grep', '/(/'),
    ]);
    expect(listed(both.stdout)).toEqual(['specs/a.yaml:2:5 › greets', 'specs/b.yaml:2:5 › other greeting']);
    expect(listed(inverted.stdout)).toEqual(['specs/a.yaml:2:5 › greets']);
    expect(listed(fromConfig.stdout)).toEqual(['specs/a.yaml:2:5 › greets', 'specs/b.yaml:2:5 › other greeting']);
    // The flags replace the config's patterns, as a single --grep replaces its single one.
    expect(listed(overridden.stdout)).toEqual(['specs/a.yaml:7:5 › fails on purpose']);
    expect([bad.code, bad.stderr.trim()]).toEqual([
      2,
      'cxas-eval: --grep /(/: Invalid regular expression: /(/: Unterminated group',
    ]);
  });

  it("the config's grep is read as --grep is, and its schema describes it so (editors show it)", async () => {
    const config = path.join(project.dir, 'grep.config.yaml');
    await writeFile(config, "grep: '/^specs\\/b\\.yaml › other/'\n");
    const r = await cli('specs', '--list', '-c', config);
    expect(r.code, r.stderr).toBe(0);
    expect(listed(r.stdout)).toEqual(['specs/b.yaml:2:5 › other greeting']);
    const schema = JSON.parse(await readFile(path.join(ROOT, 'schemas/config.schema.json'), 'utf8')) as {
      properties: { grep: { description: string } };
    };
    const said = schema.properties.grep.description;
    expect(said).toContain('file › name');
    expect(said).toContain('/re/flags');
    expect(said).not.toMatch(/whose name contains/);
  });

  it('--last-failed selects what failed in the previous results.json', async () => {
    const before = await cli('specs', '--last-failed', '--list');
    expect([before.code, before.stderr]).toEqual([
      2,
      expect.stringContaining("--last-failed needs the previous run's"),
    ]);
    const first = await cli('specs', '--reporter', 'json');
    expect(first.code).toBe(1);
    const again = await cli('specs', '--last-failed', '--reporter', 'json,list');
    expect(again.code).toBe(1);
    expect(again.stdout).toContain('1 conversation: 0 passed, 1 failed');
    expect(again.stdout).toContain('specs/a.yaml › fails on purpose');
  });

  it('--watch re-runs only the changed spec file and keeps the emulator up', async () => {
    const { child, done } = startCli(['run', 'specs', '--watch', '--reporter', 'list', '--grep-invert', 'purpose'], {
      cwd: project.dir,
    });
    let out = '';
    child.stdout!.on('data', (d) => {
      out += d;
    });
    const waitFor = async (n: number) => {
      while ((out.match(/Watching specs for changes/g) ?? []).length < n) await new Promise((r) => setTimeout(r, 50));
    };
    await waitFor(1);
    expect(out).toContain('2 conversations: 2 passed');
    await writeFile(
      path.join(project.dir, 'specs/b.yaml'),
      spec([
        ['other greeting', 'Welcome'],
        ['second in b', 'Welcome'],
      ]),
    );
    await waitFor(2);
    const second = out.slice(out.indexOf('Changed:'));
    expect(second).toContain('Changed: specs/b.yaml; re-running specs/b.yaml');
    expect(second).toContain('2 conversations: 2 passed');
    expect(second).not.toContain('a.yaml ›');
    child.kill('SIGINT');
    expect((await done).code).toBe(0);
  });

  it('--watch re-runs a changed file whose conversation runs after one in another file, with that one', async () => {
    const after = (name: string, first: string) =>
      `  - name: ${name}\n    history: { afterConversation: ${first} }\n` +
      '    turns:\n      - event: WELCOME\n        expect:\n          - text: { contains: Welcome }\n';
    const deps = await tempProject({
      'specs/a.yaml': spec([['first', 'Welcome']]),
      'specs/b.yaml': `conversations:\n${after('second', 'first')}`,
    });
    const { child, done } = startCli(['run', 'specs', '--watch', '--reporter', 'list'], { cwd: deps.dir });
    try {
      let out = '';
      let err = '';
      child.stdout!.on('data', (d) => (out += d));
      child.stderr!.on('data', (d) => (err += d));
      const waitFor = async (n: number) => {
        const deadline = Date.now() + 30_000;
        while ((out.match(/Watching specs for changes/g) ?? []).length < n) {
          if (Date.now() > deadline) throw new Error(`no run ${n} in:\n${out}\n${err}`);
          await new Promise((r) => setTimeout(r, 50));
        }
      };
      await waitFor(1);
      expect(out).toContain('2 conversations: 2 passed');
      await writeFile(
        path.join(deps.dir, 'specs/b.yaml'),
        `conversations:\n${after('second', 'first')}${after('third', 'second')}`,
      );
      await waitFor(2);
      const second = out.slice(out.indexOf('Changed:'));
      expect(err).toBe('');
      expect(second).toContain('Changed: specs/b.yaml; re-running specs/b.yaml');
      // b's conversations, and a's "first" they run after (history), in order.
      expect(second).toMatch(/a\.yaml › first[\s\S]*b\.yaml › second[\s\S]*b\.yaml › third/);
      expect(second).toContain('3 conversations: 3 passed');
      // A change to a.yaml re-runs a's conversations alone: what runs after them is not pulled in.
      await writeFile(path.join(deps.dir, 'specs/a.yaml'), spec([['first', 'Welcome']]) + '# edited\n');
      await waitFor(3);
      const third = out.slice(out.lastIndexOf('Changed:'));
      expect(third).toContain('Changed: specs/a.yaml; re-running specs/a.yaml');
      expect(third).toContain('1 conversation: 1 passed');
      child.kill('SIGINT');
      expect((await done).code).toBe(0);
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
      await deps.cleanup();
    }
  });
});
