// Runs the real, built CLI (dist/bin/cxas-eval.js, the package's bin) in a child process, as a user would.
// `npm test` builds first (pretest), so dist/ is current.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { collectOutput } from './child-output.mjs';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const CLI = path.join(ROOT, 'dist/bin/cxas-eval.js');
export const DEMO_APP = path.join(ROOT, 'specs/demo/app.yaml');
/** Config for a temp project running the demo specs: their fixtures are outside it (README "Files contained"). */
export const DEMO_FILES_CONFIG = `files: { allowRoots: [${JSON.stringify(path.join(ROOT, 'specs/demo'))}] }\n`;
/** No Google or Gemini credential can be found from the developer's environment: nothing reaches a real LLM. */
export const NO_CREDENTIALS: NodeJS.ProcessEnv = {
  GEMINI_API_KEY: '',
  GOOGLE_API_KEY: '',
  CXAS_OAUTH_TOKEN: '',
  GOOGLE_APPLICATION_CREDENTIALS: '',
  CLOUDSDK_CONFIG: '/nonexistent',
};

export interface CliResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export interface CliOptions {
  cwd: string;
  env?: NodeJS.ProcessEnv;
  /** Written to the CLI's stdin, which is then closed (no stdin at all when unset). */
  input?: string;
}

export function startCli(args: string[], opts: CliOptions): { child: ChildProcess; done: Promise<CliResult> } {
  if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run \`npm run build\` first (npm test does it)`);
  // CI is cleared so --update-goldens works in tests unless a test sets it on purpose.
  const env = { ...process.env, CI: '', NO_COLOR: '1', ...opts.env };
  const stdin = opts.input === undefined ? 'ignore' : 'pipe';
  const child = spawn(process.execPath, [CLI, ...args], { cwd: opts.cwd, env, stdio: [stdin, 'pipe', 'pipe'] });
  const output = collectOutput(child);
  if (opts.input !== undefined) child.stdin!.end(opts.input);
  const done = new Promise<CliResult>((resolve) =>
    child.on('close', (code, signal) => resolve({ code, signal, stdout: output.stdout, stderr: output.stderr })),
  );
  return { child, done };
}

export function runCli(args: string[], opts: CliOptions): Promise<CliResult> {
  return startCli(args, opts).done;
}

export interface RunArgs {
  /** Spec files or folders to run (default `specs`). */
  specs?: string;
  /** The app file the in-process emulator serves (default the demo app). */
  app?: string;
  reporter?: string;
  outputDir?: string;
}

/** `run <specs> --emulator <app> --reporter <reporter> --output-dir <outputDir>`, then `extra` flags. */
export function runArgs(
  { specs = 'specs', app = DEMO_APP, reporter = 'json', outputDir = 'out' }: RunArgs = {},
  ...extra: string[]
): string[] {
  return ['run', specs, '--emulator', app, '--reporter', reporter, '--output-dir', outputDir, ...extra];
}

/** A temporary project directory with the given files (paths relative to it). */
export async function tempProject(
  files: Record<string, string>,
): Promise<{ dir: string; cleanup(): Promise<void>; write(name: string, text: string): Promise<void> }> {
  const dir = await mkdtemp(path.join(tmpdir(), 'cxas-test-'));
  const write = async (name: string, text: string): Promise<void> => {
    await mkdir(path.dirname(path.join(dir, name)), { recursive: true });
    await writeFile(path.join(dir, name), text);
  };
  for (const [name, text] of Object.entries(files)) await write(name, text);
  // Retries: a run's history copy is gzipped by a detached process that may still be writing into
  // .cxas-eval/runs while the directory is removed (ENOTEMPTY); it finishes within moments.
  const cleanup = () => rm(dir, { recursive: true, force: true, maxRetries: 10, retryDelay: 100 });
  return { dir, write, cleanup };
}

export async function readJson<T = unknown>(file: string): Promise<T> {
  return JSON.parse(await readFile(file, 'utf8')) as T;
}
