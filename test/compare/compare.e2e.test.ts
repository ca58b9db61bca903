// `cxas-eval compare` end to end: two real runs against the emulator (the demo app, and a copy with
// one reply changed), then the comparison as a CI gate, as JSON with every figure, as GitHub
// annotations and step summary, and refusing runs with nothing in common.
import { readFile, writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunComparison } from '../../src/model/comparison.js';
import type { RunResult } from '../../src/model/result.js';
import { NO_CREDENTIALS, readJson, runArgs, runCli, type tempProject } from '../helpers/cli.js';
import { CHANGED_REPLY, comparisonProject, SPECS } from './project.js';

const GREP = ['--grep', '/PIN|goodbye/', '--repeat', '6', '--no-judge', '--no-history'];

let project: Awaited<ReturnType<typeof tempProject>>;

beforeAll(async () => {
  project = await comparisonProject();
  const opts = { cwd: project.dir, env: NO_CREDENTIALS };
  const base = await runCli(runArgs({ specs: SPECS, outputDir: 'base' }, ...GREP), opts);
  expect(base.code, base.stderr).toBe(0);
  const head = await runCli(runArgs({ specs: SPECS, app: 'mutated.yaml', outputDir: 'head' }, ...GREP), opts);
  expect(head.code, head.stderr).toBe(1);
  // The same agent, but the test changed: the PIN conversation now keys in a wrong PIN, and fails.
  const specs = path.join(project.dir, SPECS);
  const original = await readFile(specs, 'utf8');
  await writeFile(specs, original.replace('dtmf: "1234#"', 'dtmf: "0000#"'));
  const edited = await runCli(runArgs({ specs: SPECS, outputDir: 'edited' }, ...GREP), opts);
  expect(edited.code, edited.stderr).toBe(1);
  await writeFile(specs, original);
}, 180_000);

afterAll(() => project?.cleanup());

describe('cxas-eval compare', () => {
  it('gates on a regressed conversation: exit 1, JSON with every figure, annotations and step summary', async () => {
    const summary = path.join(project.dir, 'summary.md');
    const out = await runCli(['compare', 'base', 'head', '--reporter', 'json,github', '--fail-on-regression'], {
      cwd: project.dir,
      env: { GITHUB_STEP_SUMMARY: summary },
    });
    expect(out.code, out.stderr).toBe(1);
    // stdout is the JSON alone, which a pipe reads whole; the annotations go to stderr (Actions reads both).
    const comparison = JSON.parse(out.stdout) as RunComparison;
    const row = comparison.conversations[0]!;
    expect(row).toMatchObject({
      specId: expect.stringMatching(/support\.yaml#welcome and PIN authentication$/),
      verdict: 'regressed',
      flipped: true,
      k: 6,
      base: { runs: 6, passed: 6, passHatK: 1, status: 'passed' },
      head: { runs: 6, passed: 0, passHatK: 0, status: 'failed' },
    });
    expect(row.head.firstFailure).toContain(CHANGED_REPLY);
    expect(row.pValue).toBeCloseTo(2 / 924, 10); // Fisher, 6/6 vs 0/6: 2 / C(12, 6)
    expect(row.adjustedPValue).toBeCloseTo((3 * 2) / 924, 10); // Holm over the 3 conversations
    expect(row.base.interval!.low).toBeGreaterThan(0.5);
    expect(comparison.suite).toMatchObject({ conversations: 3, test: 'permutation-exact', baseRate: 1 });
    expect(comparison.suite.difference).toBeCloseTo(-1 / 3, 12);
    expect(comparison.conversations.filter((c) => c.verdict === 'regressed')).toHaveLength(1);
    expect(out.stderr).toMatch(
      /^::error file=.*support\.yaml,line=\d+,col=\d+,title=welcome and PIN authentication regressed::/m,
    );
    const markdown = await readFile(summary, 'utf8');
    expect(markdown).toMatch(/\| regressed \| \S*support\.yaml#welcome and PIN authentication \| 6\/6 100\.0%/);
  });

  it('passes the gate for the same run on both sides and shows the suite verdict in the console', async () => {
    const out = await runCli(['compare', 'base', 'base/results.json', '--fail-on-regression'], { cwd: project.dir });
    expect(out.code, out.stderr).toBe(0);
    expect(out.stdout).toMatch(/suite (unchanged|inconclusive): 100\.0% → 100\.0%/);
    expect(out.stdout).toContain('0 regressed, 0 improved');
  });

  it('leaves a conversation whose inputs changed out of the verdict and the gate, and shows it apart', async () => {
    const out = await runCli(['compare', 'base', 'edited', '--reporter', 'json', '--fail-on-regression'], {
      cwd: project.dir,
    });
    expect(out.code, out.stderr).toBe(0);
    const comparison = JSON.parse(out.stdout) as RunComparison;
    const pin = comparison.conversations.find((c) => c.specId.endsWith('#welcome and PIN authentication'));
    expect(pin).toMatchObject({
      verdict: 'inputs-changed',
      base: { runs: 6, passed: 6 },
      head: { runs: 6, passed: 0 },
      difference: null,
      adjustedPValue: null,
    });
    expect(pin?.notComparedReason).toContain("the conversation's inputs changed");
    expect(comparison.suite.conversations).toBe(2);
    const console = await runCli(['compare', 'base', 'edited'], { cwd: project.dir });
    expect(console.stdout).toMatch(/inputs changed +\S*#welcome and PIN authentication +6\/6 100\.0%/);
    expect(console.stdout).toContain('0 unchanged, 1 inputs changed (the test changed: not compared)');
  });

  it('refuses too few bootstrap resamples: one gives a point that need not contain the estimate', async () => {
    for (const n of ['1', '999']) {
      const out = await runCli(['compare', 'base', 'head', '--resamples', n], { cwd: project.dir });
      expect(out.code).toBe(2);
      expect(out.stderr).toContain(`--resamples must be at least 1000, got "${n}"`);
      expect(out.stdout).toBe('');
    }
  });

  it('refuses runs with no conversation in common, and warns about a swapped order', async () => {
    const other = await readJson<RunResult>(path.join(project.dir, 'base/results.json'));
    for (const c of other.conversations) c.specId = `other-${c.specId}`;
    await writeFile(path.join(project.dir, 'other.json'), JSON.stringify(other));
    const none = await runCli(['compare', 'other.json', 'head'], { cwd: project.dir });
    expect(none.code).toBe(2);
    expect(none.stderr).toContain('have no conversation in common');
    const swapped = await runCli(['compare', 'head', 'base'], { cwd: project.dir });
    expect(swapped.code).toBe(0);
    expect(swapped.stdout).toContain('warning: the base run');
    expect(swapped.stdout).toContain('is newer than the head run');
  });
});
