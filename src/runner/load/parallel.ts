// Large suites load on several cores: YAML parsing is CPU-bound and files are independent.
// Suite-wide checks (includes, duplicates) run afterwards on the merged results.
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { fromPlain, loadFileList, type FileListResult, type PlainResult } from './load-files.js';

/** Below this many files per thread, starting a worker (about 0.3 s) costs more than it saves. */
const FILES_PER_THREAD = 300;
const MAX_THREADS = 4;

/** The compiled worker; absent when running from TypeScript sources (tests), which load in-thread. */
const WORKER_FILE = fileURLToPath(new URL('./worker.js', import.meta.url));

export async function loadFilesParallel(files: string[], cwd: string, env: NodeJS.ProcessEnv): Promise<FileListResult> {
  const threads = Math.min(MAX_THREADS, availableParallelism(), Math.floor(files.length / FILES_PER_THREAD));
  if (threads < 2 || !existsSync(WORKER_FILE)) return loadFileList(files, cwd, env);
  const size = Math.ceil(files.length / threads);
  const chunks = Array.from({ length: threads }, (_, i) => files.slice(i * size, (i + 1) * size));
  const [own, ...others] = chunks;
  const workers = others.map((chunk) => inWorker(chunk, cwd, env)); // started first: this thread is busy below
  const results = await Promise.all([loadFileList(own!, cwd, env), ...workers]);
  return { loaded: results.flatMap((r) => r.loaded), errors: results.flatMap((r) => r.errors) };
}

/** A worker that fails to start or crashes costs time, never results: its files load here instead. */
function inWorker(files: string[], cwd: string, env: NodeJS.ProcessEnv): Promise<FileListResult> {
  return new Promise((resolve) => {
    const worker = new Worker(WORKER_FILE);
    let settled = false;
    const finish = (result: Promise<FileListResult> | FileListResult): void => {
      if (settled) return;
      settled = true;
      void worker.terminate();
      resolve(result);
    };
    worker.once('message', (plain: PlainResult) => finish(fromPlain(plain)));
    worker.once('error', () => finish(loadFileList(files, cwd, env)));
    worker.once('exit', () => finish(loadFileList(files, cwd, env)));
    worker.postMessage({ files, cwd, env: { ...env } });
  });
}
