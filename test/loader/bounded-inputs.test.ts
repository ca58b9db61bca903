// Bounded inputs: only regular files are read (no devices, FIFOs, /proc), sizes and include fan-out
// are capped, nesting has a documented limit, and an error never quotes a file that is not YAML.
import { spawnSync } from 'node:child_process';
import { closeSync, constants, openSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { loadTree, messagesOf, writeTree } from './helpers.js';
import { loadAppDefinition } from '../../src/emulator/load-app.js';
import { loadConfig } from '../../src/runner/config.js';
import { loadSpecs } from '../../src/runner/load/index.js';
import { withInputLimits } from '../../src/validation/index.js';

/** What `load` gave, or 'hung' after 3 s (a reader blocked on the FIFO is then released by a writer). */
async function unlessHung<T>(fifo: string, load: Promise<T>): Promise<T | 'hung'> {
  const result = await Promise.race([load, sleep(3000).then(() => 'hung' as const)]);
  if (result === 'hung') {
    closeSync(openSync(fifo, constants.O_WRONLY | constants.O_NONBLOCK));
    await load.catch(() => undefined);
  }
  return result;
}

const conv = (name: string) => `conversations:\n  - name: ${name}\n    turns: [ { user: hi } ]\n`;

describe('bounded inputs', () => {
  it('refuses /proc, devices and FIFOs as include, blob, image and audio files, at the value', async () => {
    // Allowed as roots, so the check under test is the special-file one (else they are outside the project).
    const cwd = writeTree({
      'a.yaml': `${conv('a')}include: [/proc/self/environ]\n`,
      'b.yaml':
        'conversations:\n  - name: b\n    turns:\n      - blob: { file: /dev/zero }\n' +
        '      - image: { file: /dev/urandom, mimeType: image/png }\n      - audio: { file: /proc/self/environ }\n',
    });
    const messages = (await loadSpecs(['.'], { cwd, env: {}, roots: [cwd, '/proc', '/dev'] })).errors.map(
      (e) => e.message,
    );
    expect(messages).toHaveLength(4);
    expect(messages[0]).toMatch(/^a\.yaml:4:11 include\[0\]: "\/proc\/self\/environ": not a regular file/);
    expect(messages[1]).toMatch(
      /^b\.yaml:4:\d+ conversations\[0\]\.turns\[0\]\.blob\.file: "\/dev\/zero": not a regular file/,
    );
    expect(messages.join('\n')).not.toContain(process.env['PATH'] ?? 'PATH=');
  });

  it('refuses a FIFO without blocking on it', async () => {
    const dir = writeTree({ 's.yaml': `${conv('s')}include: [pipe.yaml]\n` });
    expect(spawnSync('mkfifo', [path.join(dir, 'pipe.yaml')]).status).toBe(0);
    const { errors } = await loadSpecs(['s.yaml'], { cwd: dir });
    expect(errors.map((e) => e.code)).toEqual(['NOT_A_FILE']);
  });

  it('refuses a FIFO or an oversized file as the config or the emulator app, at file:1:1, never blocking', async () => {
    const dir = writeTree({ 'big.yaml': `agents: []\n# ${'x'.repeat(300)}\n` });
    const fifo = path.join(dir, 'pipe.yaml');
    expect(spawnSync('mkfifo', [fifo]).status).toBe(0);
    const config = await unlessHung(fifo, loadConfig({ cwd: dir, file: 'pipe.yaml' }));
    expect(config === 'hung' ? 'hung' : config.errors.map((e) => e.message)).toEqual([
      expect.stringMatching(/^pipe\.yaml:1:1: not a regular file \(/),
    ]);
    const app = await unlessHung(
      fifo,
      loadAppDefinition(fifo).catch((err: Error) => err.message),
    );
    expect(app).toMatch(/pipe\.yaml:1:1: not a regular file \(/);
    const big = await withInputLimits({ specFileBytes: 200 }, () =>
      loadAppDefinition(path.join(dir, 'big.yaml')).catch((err: Error) => err.message),
    );
    expect(big).toMatch(/big\.yaml:1:1: file is \d+ bytes, over the limit of 200 bytes \(config limits:\)$/);
  });

  it('refuses text that is not UTF-8 at its first bad byte: a spec, a CSV data file, the config, the app', async () => {
    const latin1 = (text: string) => Buffer.from(text, 'latin1');
    const cwd = writeTree({
      'rows.yaml': 'conversations:\n  - name: r\n    each: pins.csv\n    turns: [{ user: hi }]\n',
    });
    writeFileSync(
      path.join(cwd, 'spec.yaml'),
      latin1('conversations:\n  - name: caf\xe9\n    turns: [{ user: hi }]\n'),
    );
    writeFileSync(path.join(cwd, 'pins.csv'), latin1('pin,city\n1234,Z\xfcrich\n'));
    const notUtf8 = 'not UTF-8 text: byte 0x%s is not UTF-8 here (save the file as UTF-8)';
    const messages = (await loadSpecs(['spec.yaml', 'rows.yaml'], { cwd, env: {} })).errors.map((e) => e.message);
    expect(messages).toEqual([
      `pins.csv:2:7: ${notUtf8.replace('%s', 'FC')}`,
      `spec.yaml:2:14: ${notUtf8.replace('%s', 'E9')}`,
    ]);
    writeFileSync(path.join(cwd, 'cxas-eval.config.yaml'), latin1('# caf\xe9\njudge: {}\n'));
    const config = await loadConfig({ cwd, file: 'cxas-eval.config.yaml' });
    expect(config.errors.map((e) => e.message)).toEqual([`cxas-eval.config.yaml:1:6: ${notUtf8.replace('%s', 'E9')}`]);
    writeFileSync(path.join(cwd, 'app.yaml'), latin1('app: projects/p/locations/l/apps/caf\xe9\n'));
    const app = await loadAppDefinition(path.join(cwd, 'app.yaml')).catch((err: Error) => err.message);
    expect(app).toContain(`:1:37: ${notUtf8.replace('%s', 'E9')}`);
  });

  it('never quotes a file that is not YAML', async () => {
    const messages = await messagesOf({
      's.yaml': `${conv('s')}include: [secrets.env]\n`,
      'secrets.env': 'API_KEY=sk-live-TOPSECRET\n',
    });
    expect(messages).toEqual([
      'secrets.env:1:1: not a YAML mapping (its content is not shown: it may not be a spec at all)',
    ]);
  });

  it('folds a fragment in once however many paths include it (no exponential fan-out)', async () => {
    // f0 includes f1 ten times, f1 includes f2 ten times ... : 10^6 expansions without de-duplication.
    const files: Record<string, string> = {
      'root.yaml': `${conv('root')}include: [${Array(10).fill('f0.yaml').join(', ')}]\n`,
    };
    for (let i = 0; i < 7; i++)
      files[`f${i}.yaml`] = `defaults: { tags: [t${i}] }\ninclude: [${Array(10)
        .fill(`f${i + 1}.yaml`)
        .join(', ')}]\n`;
    files['f7.yaml'] = 'defaults: { tags: [last] }\n';
    const t0 = Date.now();
    const { files: loaded, errors } = await loadTree(files, ['root.yaml']);
    expect(errors).toEqual([]);
    expect(Date.now() - t0).toBeLessThan(5000);
    expect(loaded[0]!.conversations[0]!.tags.filter((t) => t === 'last')).toHaveLength(1);
  });

  it('caps the spec file, fixtures, the expanded document and the include depth (config limits:)', async () => {
    const limits = { specFileBytes: 200, fixtureBytes: 10, expandedBytes: 300, includeDepth: 3 };
    const chain: Record<string, string> = { 'deep.yaml': `${conv('deep')}include: [d1.yaml]\n` };
    for (let i = 1; i <= 5; i++) chain[`d${i}.yaml`] = i < 5 ? `include: [d${i + 1}.yaml]\n` : 'defaults: {}\n';
    const messages = await withInputLimits(limits, () =>
      messagesOf({
        'big.yaml': `${conv('big')}# ${'x'.repeat(300)}\n`,
        'fix.yaml': `conversations:\n  - name: f\n    turns: [ { blob: { file: data.bin } } ]\n`,
        'data.bin': 'more than ten bytes',
        'wide.yaml': `${conv('wide')}include: [w1.yaml, w2.yaml]\n`,
        'w1.yaml': `# ${'y'.repeat(180)}\ndefaults: {}\n`,
        'w2.yaml': `# ${'z'.repeat(180)}\ndefaults: {}\n`,
        ...chain,
      }),
    );
    expect(messages.find((m) => m.startsWith('big.yaml'))).toMatch(
      /^big\.yaml:1:1: file is 3\d\d bytes, over the limit of 200 bytes \(config limits:\)$/,
    );
    expect(messages.find((m) => m.startsWith('fix.yaml'))).toMatch(
      /blob\.file: "data\.bin": file is .* over the limit/,
    );
    expect(messages.find((m) => m.startsWith('wide.yaml'))).toMatch(
      /include\[1\]: the spec file with its includes is over/,
    );
    expect(messages.find((m) => m.includes('include[0]: includes nested deeper than 3 files'))).toMatch(
      /^d3\.yaml:1:\d+/,
    );
  });

  it('reports nesting past the documented limit as such, however deep', async () => {
    for (const depth of [70, 5000]) {
      const value = `${'['.repeat(depth)}${']'.repeat(depth)}`;
      const [message] = await messagesOf({
        'n.yaml': `conversations:\n  - name: n\n    variables: { v: ${value} }\n    turns: [ { user: hi } ]\n`,
      });
      expect(message).toMatch(/^n\.yaml:\d+:\d+: nested deeper than 64 levels/);
    }
  });
});
