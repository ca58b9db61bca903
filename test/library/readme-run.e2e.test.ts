// README "Library": the `run()` example, extracted from README.md and run as printed in a project
// where `cxas-eval` is installed, against the bundled emulator and a local OpenAI-compatible judge
// (the fake LLM server); then `cxas-eval run` on the same inputs in a twin project: the report
// files must be the same once run ids, times and durations are masked.
import { execFile } from 'node:child_process';
import { mkdir, readFile, symlink } from 'node:fs/promises';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunResult } from '../../src/model/result.js';
import { NO_CREDENTIALS, readJson, ROOT, runCli, tempProject } from '../helpers/cli.js';
import { startFakeLlm } from '../helpers/fake-llm.mjs';
import { PASS } from '../judge/helpers.js';
import { libraryExample } from '../helpers/readme.js';

type Project = Awaited<ReturnType<typeof tempProject>>;
const REPORTS = ['results.json', 'junit.xml', 'report.html'];

/** A project with cxas-eval installed (node_modules/cxas-eval → this package, built). */
async function installedProject(files: Record<string, string>): Promise<Project> {
  const project = await tempProject(files);
  await mkdir(path.join(project.dir, 'node_modules'));
  await symlink(ROOT, path.join(project.dir, 'node_modules/cxas-eval'), 'dir');
  return project;
}

describe('README library example: run()', () => {
  let fake: Awaited<ReturnType<typeof startFakeLlm>>;
  let library: Project;
  let cli: Project;
  let stdout: string;
  let cliCode: number | null;

  beforeAll(async () => {
    fake = await startFakeLlm();
    fake.on(() => true, PASS);
    const example = await libraryExample("import { run } from 'cxas-eval'");
    const env = { ...NO_CREDENTIALS, JUDGE_URL: fake.openaiUrl };
    library = await installedProject({ 'run.mjs': example });
    ({ stdout } = await promisify(execFile)(process.execPath, ['run.mjs'], { cwd: library.dir, env, timeout: 60_000 }));
    // The twin: the example's config as a file, its options as flags.
    const demo = 'node_modules/cxas-eval/specs/demo';
    const config = {
      judge: { backend: 'openai', baseUrl: fake.openaiUrl, model: 'qwen3:8b' },
      files: { allowRoots: [demo] },
    };
    cli = await installedProject({ 'cxas-eval.config.yaml': JSON.stringify(config) });
    const args = ['run', `${demo}/support.yaml`, '--reporter', 'json,junit,html', '--output-dir', 'reports'];
    const result = await runCli(args, { cwd: cli.dir, env });
    cliCode = result.code;
    expect(result.stderr).toBe('');
  });
  afterAll(async () => {
    await fake?.close();
    await library?.cleanup();
    await cli?.cleanup();
  });

  it('runs as printed: the demo passes with its judge expectations graded by the local server', async () => {
    expect(stdout).toBe('passed: 12 passed, 0 failed, 0 error; exit code 0\n');
    const results = await readJson<RunResult>(path.join(library.dir, 'reports/results.json'));
    const judged = results.conversations.flatMap((c) => [...c.turns.flatMap((t) => t.assertions), ...c.assertions]);
    const verdicts = judged.filter((a) => a.matcher === 'judge').map((a) => a.status);
    expect(verdicts).toEqual(['passed', 'passed']);
    expect(fake.requests.filter((r) => r.shape === 'openai').length).toBeGreaterThanOrEqual(2);
  });

  it('writes the same report files as `cxas-eval run` on the same inputs', async () => {
    expect(cliCode).toBe(0);
    const masks = [...(await volatileValues(library.dir)), ...(await volatileValues(cli.dir))];
    for (const name of REPORTS) {
      const fromLibrary = mask(await readFile(path.join(library.dir, 'reports', name), 'utf8'), masks);
      const fromCli = mask(await readFile(path.join(cli.dir, 'reports', name), 'utf8'), masks);
      // Line by line, so that a difference reads as one line rather than a whole report.
      expect(differentLines(fromLibrary, fromCli), name).toEqual([]);
    }
  });
});

/** The values that differ between two runs of the same inputs: run and session ids. */
async function volatileValues(dir: string): Promise<string[]> {
  const results = await readJson<RunResult>(path.join(dir, 'reports/results.json'));
  const sessions = results.conversations.flatMap((c) => c.attempts.map((a) => a.sessionId));
  return [results.runId, ...sessions].filter((v): v is string => Boolean(v));
}

/** Ids, ISO times and durations masked; everything else must be equal byte for byte. */
function mask(text: string, values: string[]): string {
  let out = text;
  for (const v of values) out = out.split(v).join('<id>');
  return (
    out
      .replace(/\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z?/g, '<time>')
      .replace(/("(?:\w*Ms|durationMs|latencyMs)":\s*)[\d.]+/g, '$1<ms>')
      .replace(/\btime="[\d.]+"/g, 'time="<s>"')
      .replace(/127\.0\.0\.1:\d+|unix:[^"\s]*\/grpc\.sock/g, '<emulator>')
      // The HTML report's latency card and histogram are drawn from the measured latencies.
      .replace(/<b>\d+ \/ \d+ \/ \d+<\/b>/g, '<b>p50 / p90 / p99</b>')
      .replace(/<svg class="chart" id="chart-latency"[\s\S]*?<\/svg>/g, '<latency chart>')
      .replace(/\b\d+(\.\d+)? ?(ms|s)\b/g, '<duration>')
  );
}

function differentLines(a: string, b: string): string[] {
  const [left, right] = [a.split('\n'), b.split('\n')];
  const lines = Math.max(left.length, right.length);
  const out: string[] = [];
  for (let i = 0; i < lines; i++) {
    const [l, r] = [left[i] ?? '', right[i] ?? ''];
    if (l === r) continue;
    let at = 0;
    while (l[at] === r[at]) at++;
    const around = (line: string) => line.slice(Math.max(0, at - 80), at + 80);
    out.push(`line ${i + 1}: …${around(l)}… | …${around(r)}…`);
  }
  return out.slice(0, 5);
}
