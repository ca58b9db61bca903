// Shared helpers for benchmarks: temp dirs, spec/app writers, a separate emulator process, and
// running the real CLI. Everything binds 127.0.0.1 and stops by itself.
import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { collectOutput } from '../../test/helpers/child-output.mjs';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const CLI = path.join(ROOT, 'dist/bin/cxas-eval.js');

export async function tempDir(prefix) {
  const dir = await mkdtemp(path.join(tmpdir(), `cxas-bench-${prefix}-`));
  return { dir, cleanup: () => rm(dir, { recursive: true, force: true }) };
}

/** A minimal emulator app answering every text with "ok". */
export function benchApp({ latencyMs = 0, quota } = {}) {
  const faults = quota ? `faults:\n  quotaTurnsPerSecond: ${quota}\n  retryDelayMs: 50\n` : '';
  return `app: ${BENCH_APP_NAME}
rootAgent: root_agent
latencyMs: ${latencyMs}
${faults}agents:
  root_agent:
    routes:
      - on: { default: true }
        say: "ok: \${input.text}"
`;
}

/** One conversation of `turns` user turns, repeated `conversations` times (fresh session each). */
export function benchSpec({ conversations, turns }) {
  const lines = ['conversations:', '  - name: bench conversation', `    repeat: ${conversations}`, '    turns:'];
  for (let i = 1; i <= turns; i++)
    lines.push(`      - user: "message ${i}"`, '        expect:', `          - text: { contains: "message ${i}" }`);
  return `${lines.join('\n')}\n`;
}

export async function writeFiles(dir, files) {
  for (const [name, text] of Object.entries(files)) await writeFile(path.join(dir, name), text);
}

/** Starts `cxas-eval emulator` in its own process; resolves with its gRPC address. */
async function startEmulatorProcess(appFile, extraArgs = []) {
  const child = spawn(process.execPath, [CLI, 'emulator', '--app', appFile, ...extraArgs], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  const address = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`emulator did not start: ${out}`)), 15_000);
    child.stdout.on('data', (d) => {
      out += d;
      const m = /(127\.0\.0\.1:\d+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    });
    child.stderr.on('data', (d) => {
      out += d;
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`emulator exited (${code}): ${out}`));
    });
  });
  child.removeAllListeners('exit');
  return {
    address,
    stop: () =>
      new Promise((r) => {
        child.once('exit', r);
        child.kill('SIGTERM');
      }),
  };
}

/** Runs a node script; resolves with wall time, exit code and output. */
export function runNode(args, { env = {}, cwd = ROOT } = {}) {
  return new Promise((resolve) => {
    const t0 = performance.now();
    const child = spawn(process.execPath, args, {
      cwd,
      env: { ...process.env, CI: '1', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const output = collectOutput(child);
    child.on('exit', (code) =>
      resolve({ ms: performance.now() - t0, code, stdout: output.stdout, stderr: output.stderr }),
    );
  });
}

export const BENCH_APP_NAME = 'projects/bench/locations/us/apps/bench';

/** Runs `fn(address)` against a fresh emulator process serving `appFile`, then stops it. */
export async function withEmulator(appFile, fn) {
  const emulator = await startEmulatorProcess(appFile);
  try {
    return await fn(emulator.address);
  } finally {
    await emulator.stop();
  }
}

/**
 * `cxas-eval run` of `specFile` against the emulator at `address` (through `entry`, a script that
 * loads the CLI, when given); resolves with the process's time, code and output and the results.
 */
export async function runCli({
  specFile,
  address,
  concurrency,
  outputDir,
  reporter = 'json',
  entry = CLI,
  extra = [],
}) {
  const r = await runNode([
    entry,
    'run',
    specFile,
    '--app',
    BENCH_APP_NAME,
    '--endpoint',
    address,
    '--insecure',
    '--concurrency',
    String(concurrency),
    '--reporter',
    reporter,
    '--output-dir',
    outputDir,
    ...extra,
  ]);
  return { ...r, results: await readResults(outputDir) };
}

/** A benchmark measures only clean runs: exit 0 and every conversation passed. */
export function assertAllPassed(run, conversations) {
  if (run.code !== 0) throw new Error(`cxas-eval run failed (${run.code}): ${run.stderr.slice(0, 2000)}`);
  if (run.results.summary.passed !== conversations)
    throw new Error(`expected ${conversations} passed, got ${JSON.stringify(run.results.summary)}`);
}

export async function readResults(dir) {
  return JSON.parse(await readFile(path.join(dir, 'results.json'), 'utf8'));
}
