// A library caller's settings are checked as `cxas-eval run` checks its flags and the config schema
// checks the config: a bad one throws RunInputError naming it, before any report is touched, and a
// conversation that ran no attempt is never `passed` (src/library/run-options.ts, run/conversation.ts).
import { readFile } from 'node:fs/promises';
import * as path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { RunInputError, RunLoadError } from '../../src/library/errors.js';
import { effectiveOptions, RUN_NUMBERS, type RunSettings } from '../../src/library/run-options.js';
import { run, type LibraryRunOptions } from '../../src/library/run.js';
import type { CoverageMinimums } from '../../src/model/coverage.js';
import type { CxasConfig } from '../../src/model/config.generated.js';
import { conversationVerdict } from '../../src/model/verdict.js';
import { readJson, ROOT, runCli, tempProject } from '../helpers/cli.js';
import { echoApp } from '../runner/apps.js';

const SPEC =
  'conversations:\n  - name: echoes\n    turns:\n      - user: hi\n        expect: [ { text: "echo: hi" } ]\n';
const PREVIOUS = '{"previous": true}\n';

describe("a library caller's run settings", async () => {
  const project = await tempProject({ 'app.yaml': echoApp(), 'specs/s.yaml': SPEC, 'out/results.json': PREVIOUS });
  afterAll(() => project.cleanup());
  const base = {
    cwd: project.dir,
    emulator: 'app.yaml',
    outputDir: 'out',
    reporters: ['json' as const],
    history: false,
    coverage: false,
    io: { out: () => {}, warn: () => {} },
  };

  const bad: [string, RunSettings, RegExp][] = [
    ['retries -1', { retries: -1 }, /^retries must be a whole number >= 0, got -1$/],
    ['retries NaN', { retries: NaN }, /^retries must be a whole number >= 0, got NaN$/],
    ['retries "2"', { retries: '2' as unknown as number }, /^retries must be a whole number >= 0, got "2"$/],
    ['concurrency 2.5', { concurrency: 2.5 }, /^concurrency must be a whole number >= 1, got 2\.5$/],
    ['concurrency 0', { concurrency: 0 }, /^concurrency must be a whole number >= 1, got 0$/],
    ['timeoutMs 0', { timeoutMs: 0 }, /^timeoutMs must be a whole number from 1 to 2147483647, got 0$/],
    [
      'timeoutMs "abc"',
      { timeoutMs: 'abc' as unknown as number },
      /^timeoutMs must be a whole number from 1 to 2147483647, got "abc"$/,
    ],
    ['repeat 0', { repeat: 0 }, /^repeat must be a whole number from 1 to 10000, got 0$/],
    ['repeat 10001', { repeat: 10_001 }, /^repeat must be a whole number from 1 to 10000, got 10001$/],
    ['maxFailures -3', { maxFailures: -3 }, /^maxFailures must be a whole number >= 1, got -3$/],
    ['judgeStability 1', { judgeStability: 1 }, /^judgeStability must be a whole number from 2 to 1000, got 1$/],
    ['shard 0/2', { shard: { index: 0, total: 2 } }, /^shard must be \{ index, total \}/],
    ['shard 3/2', { shard: { index: 3, total: 2 } }, /^shard must be \{ index, total \}/],
    ['shard 1.5/2', { shard: { index: 1.5, total: 2 } }, /^shard must be \{ index, total \}/],
  ];

  it.each(bad)('%s: RunInputError naming the option, before any report is touched', async (_, settings, message) => {
    const error = await run({ ...base, paths: ['specs/s.yaml'], ...settings }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RunInputError);
    expect((error as RunInputError).message).toMatch(message);
    expect((error as RunInputError).exitCode).toBe(2);
    expect(await readFile(path.join(project.dir, 'out/results.json'), 'utf8')).toBe(PREVIOUS);
  });

  it('cxas-eval run without spec paths runs specs/ (no empty paths reaches the library)', async () => {
    const args = ['run', '--emulator', 'app.yaml', '--reporter', 'json', '--output-dir', 'cli', '--no-history'];
    const r = await runCli(args, { cwd: project.dir });
    expect(r.code, r.stderr).toBe(0);
    const written = await readJson<{ conversations: { file: string }[] }>(path.join(project.dir, 'cli/results.json'));
    expect(written.conversations.map((c) => c.file)).toEqual(['specs/s.yaml']);
  });

  // Options of the wrong type or name: each once led to a crash, a silent default or the opposite of
  // what was asked (judge: "false" turned the judge on), and is refused now.
  const wrong: [string, Record<string, unknown>, RegExp][] = [
    ['tags "p0"', { tags: 'p0' }, /^tags: expected a list, got a string \("p0"\)$/],
    ['excludeTags "x"', { excludeTags: 'x' }, /^excludeTags: expected a list, got a string \("x"\)$/],
    ['tags [""]', { tags: [''] }, /^tags\[0\]: must not be empty \(""\)$/],
    ['reporters "json"', { reporters: 'json' }, /^reporters: expected a list, got a string \("json"\)$/],
    ['judge "false"', { judge: 'false' }, /^judge must be true or false, got "false"$/],
    ['history "no"', { history: 'no' }, /^history must be true or false, got "no"$/],
    ['insecure "no"', { insecure: 'no' }, /^insecure: expected true or false, got a string \("no"\)$/],
    ['failOnSkipped "yes"', { failOnSkipped: 'yes' }, /^failOnSkipped: expected true or false, got a string/],
    ['outputDir 5', { outputDir: 5 }, /^outputDir: expected a string, got a number \(5\)$/],
    ['grep 5', { grep: 5 }, /^grep: expected a string or a list, got a number \(5\)$/],
    ['grep []', { grep: [] }, /^grep: must not be empty$/],
    ['grep [5]', { grep: ['x', 5] }, /^grep\[1\]: expected a string, got a number \(5\)$/],
    [
      'grepInvert [""]',
      { grepInvert: [''] },
      /^grepInvert must be a non-empty string or a non-empty list of them, got \[""\]$/,
    ],
    ['goldens 5', { goldens: 5 }, /^goldens must be a non-empty string, got 5$/],
    ['lastFailed 5', { lastFailed: 5 }, /^lastFailed must be true, false or a non-empty string, got 5$/],
    [
      'limits: a misspelt key',
      { limits: { specFilebytes: 100 } },
      /^limits: unknown key "specFilebytes" \(did you mean "specFileBytes"\?\)$/,
    ],
    [
      'limits: a string',
      { limits: { specFileBytes: 'big' } },
      /^limits\.specFileBytes: expected a whole number, got a string \("big"\)$/,
    ],
    ['limits: below 1', { limits: { specFileBytes: -1 } }, /^limits\.specFileBytes: must be >= 1 \(-1\)$/],
    ['limits: NaN', { limits: { specFileBytes: NaN } }, /^limits\.specFileBytes: expected a whole number, got NaN$/],
    ['an unknown option', { retires: 5 }, /^unknown option "retires" \(did you mean "retries"\?\)$/],
    ['cwd 5', { cwd: 5 }, /^cwd must be a non-empty string, got 5$/],
    ['signal true', { signal: true }, /^signal must be an AbortSignal, got true$/],
    // io's members: a misspelt one was ignored (the console went to stdout), a wrong type failed mid-run.
    [
      'io.output',
      { io: { output: () => {}, warn: () => {} } },
      /^unknown io member "output" \(one of out, warn, env, isTTY, stream\)$/,
    ],
    ['io.wran', { io: { out: () => {}, wran: () => {} } }, /^unknown io member "wran" \(did you mean "warn"\?\)$/],
    ['io.out 5', { io: { out: 5 } }, /^io\.out must be a function \(text\) => void, got 5$/],
    ['io.env null', { io: { out: () => {}, env: null } }, /^io\.env must be an object of strings .*, got null$/],
    ['io.env { CI: 1 }', { io: { out: () => {}, env: { CI: 1 } } }, /^io\.env must be an object of strings/],
    ['io.isTTY "yes"', { io: { out: () => {}, isTTY: 'yes' } }, /^io\.isTTY must be true or false, got "yes"$/],
    ['io.stream {}', { io: { out: () => {}, stream: {} } }, /^io\.stream must be a writable stream, got \{\}$/],
  ];

  it.each(wrong)('%s: RunInputError naming the option, before any report is touched', async (_, options, message) => {
    const given = { ...base, paths: ['specs/s.yaml'], ...options } as LibraryRunOptions;
    const error = await run(given).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RunInputError);
    expect((error as RunInputError).message).toMatch(message);
    expect((error as RunInputError).exitCode).toBe(2);
    expect(await readFile(path.join(project.dir, 'out/results.json'), 'utf8')).toBe(PREVIOUS);
  });

  it("paths is a list, as the config's specs: a single string is refused, not read letter by letter", async () => {
    const cases: [unknown, RegExp][] = [
      ['specs', /^paths: expected a list, got a string \("specs"\)$/],
      // Once read as "no paths given": the whole default suite ran.
      [[], /^paths is empty: list the spec files or folders to run, or leave paths out /],
      [['specs/s.yaml', 5], /^paths\[1\]: expected a string, got a number \(5\)$/],
      [[''], /^paths\[0\]: must not be empty \(""\)$/],
    ];
    for (const [paths, message] of cases) {
      const error = await run({ ...base, paths: paths as string[] }).catch((e: unknown) => e);
      expect(error, String(paths)).toBeInstanceOf(RunInputError);
      expect(error, String(paths)).not.toBeInstanceOf(RunLoadError);
      expect((error as RunInputError).message).toMatch(message);
    }
    expect(await readFile(path.join(project.dir, 'out/results.json'), 'utf8')).toBe(PREVIOUS);
  });

  it("minCoverage is checked by the config's coverage.min rules: a typo never turns the gate off", async () => {
    const cases: [unknown, RegExp][] = [
      [{ tool: 0.5 }, /^minCoverage: unknown key "tool" \(did you mean "tools"\?\)$/],
      ['tools=0.5', /^minCoverage: expected a map, got a string \("tools=0\.5"\)$/],
      [{ tools: 1.5 }, /^minCoverage\.tools: must be <= 1 \(1\.5\)$/],
      [{ tools: '0.5' }, /^minCoverage\.tools: expected a number, got a string \("0\.5"\)$/],
      [{ tools: NaN }, /^minCoverage\.tools: expected a number, got NaN$/],
      [{ tools: -Infinity }, /^minCoverage\.tools: expected a number, got -Infinity$/],
    ];
    for (const [minCoverage, message] of cases) {
      const error = await run({ ...base, paths: ['specs/s.yaml'], minCoverage: minCoverage as CoverageMinimums }).catch(
        (e: unknown) => e,
      );
      expect(error, JSON.stringify(minCoverage)).toBeInstanceOf(RunInputError);
      expect((error as RunInputError).message).toMatch(message);
    }
    expect(await readFile(path.join(project.dir, 'out/results.json'), 'utf8')).toBe(PREVIOUS);
    expect(effectiveOptions({ minCoverage: { tools: 0.5, routes: 1 } }, {}, {}).minCoverage).toEqual({
      tools: 0.5,
      routes: 1,
    });
  });

  it('a config object with NaN or Infinity names the value it has, not the null JSON would make of it', async () => {
    const cases: [CxasConfig, string][] = [
      [{ retries: NaN }, 'retries: expected a whole number, got not a number (.nan)'],
      [{ coverage: { min: { tools: Infinity } } }, 'coverage.min.tools: expected a number, got infinity (.inf'],
    ];
    for (const [config, message] of cases) {
      const error = await run({ ...base, paths: ['specs/s.yaml'], config }).catch((e: unknown) => e);
      expect(error, JSON.stringify(config)).toBeInstanceOf(RunLoadError);
      expect((error as RunLoadError).message).toContain(message);
      expect((error as RunLoadError).message).not.toContain('null');
    }
    expect(await readFile(path.join(project.dir, 'out/results.json'), 'utf8')).toBe(PREVIOUS);
  });

  it("the bounds are the config schema's (concurrency, retries, repeat, maxFailures, timeoutMs)", async () => {
    const schema = await readJson<{ properties: Record<string, { type: string; minimum: number }> }>(
      path.join(ROOT, 'schemas/config.schema.json'),
    );
    for (const [name, range] of Object.entries(RUN_NUMBERS)) {
      const property = schema.properties[name];
      if (name === 'judgeStability') {
        expect(property).toBeUndefined(); // a flag only
        continue;
      }
      expect(property, name).toMatchObject({ type: 'integer', minimum: range.min });
      expect('maximum' in property!, name).toBe('max' in range);
      if ('max' in range) expect(property, name).toMatchObject({ maximum: range.max });
    }
  });

  it('a timeout past what timers and gRPC deadlines hold (2^31 - 1 ms) is refused', () => {
    expect(() => effectiveOptions({ timeoutMs: 2_147_483_648 }, {}, {})).toThrow(/timeoutMs.*2147483647/);
    expect(() => effectiveOptions({ timeoutMs: Infinity }, {}, {})).toThrow(/timeoutMs/);
    expect(effectiveOptions({ timeoutMs: 2_147_483_647 }, {}, {})).toMatchObject({ timeoutMs: 2_147_483_647 });
  });

  it('grep and grepInvert take a pattern or a list of them (any selects); the setting replaces the config', () => {
    expect(effectiveOptions({ grep: 'x', grepInvert: 'y' }, {}, {})).toMatchObject({ grep: ['x'], grepInvert: ['y'] });
    expect(effectiveOptions({ grep: ['a', '/b/'] }, { grep: 'c' }, {}).grep).toEqual(['a', '/b/']);
    expect(effectiveOptions({}, { grep: ['c', 'd'] }, {}).grep).toEqual(['c', 'd']);
    expect(effectiveOptions({}, {}, {}).grep).toBeUndefined();
  });

  it('good settings pass through; a config value is not checked again', () => {
    expect(effectiveOptions({ retries: 0, concurrency: 1, timeoutMs: 1 }, {}, {})).toMatchObject({
      retries: 0,
      concurrency: 1,
      timeoutMs: 1,
    });
    expect(effectiveOptions({ shard: { index: 2, total: 2 }, judgeStability: 1000 }, {}, {})).toMatchObject({
      shard: { index: 2, total: 2 },
      judgeStability: 1000,
    });
    // Every option the config schema checks is a key it has: none is refused as unknown.
    const full: RunSettings = {
      app: 'projects/p/locations/l/apps/a',
      endpoint: 'localhost:1',
      insecure: true,
      websocketEndpoint: 'ws://localhost:2',
      apiVersion: 'v1beta',
      emulator: 'app.yaml',
      grep: 'x',
      tags: ['a'],
      excludeTags: ['b'],
      reporters: ['json'],
      outputDir: 'o',
      failOnSkipped: true,
      limits: { specFileBytes: 10, nestingDepth: 8 },
      minCoverage: { tools: 0.5 },
      judge: false,
      lastFailed: '@latest',
      goldens: 'g',
    };
    expect(effectiveOptions(full, {}, {})).toMatchObject({ outputDir: 'o', limits: full.limits, judgeEnabled: false });
  });

  it('a conversation with no attempt is an error, never passed (the verdict of no evidence)', () => {
    const none = { status: 'passed' as const, turns: [], assertions: [], attempts: [] };
    expect(conversationVerdict(none)).toBe('error');
    expect(conversationVerdict({ ...none, status: 'skipped' })).toBe('skipped');
    expect(conversationVerdict({ ...none, status: 'interrupted' })).toBe('interrupted');
  });
});
