// The cxas-eval command, started by bin.ts. The CLI is the only place that calls process.exit
// (docs/architecture.md, Boundaries).
import { enableYamlCache } from '../validation/index.js';
import { privateCacheDir, sweepCacheDir } from './cache-dir.js';
import { buildProgram } from './program.js';
import { EXIT } from './exit-codes.js';
import { exitWhenDrained } from './exit.js';

export async function main(argv: readonly string[]): Promise<never> {
  // `cxas-eval run … | head -1`: once the reader is gone, what is written to it is dropped (EPIPE)
  // and the command goes on: the run finishes and writes its reports, and the exit code is its own.
  const droppedOutput = new Set(['EPIPE', 'ERR_STREAM_DESTROYED']);
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (err: NodeJS.ErrnoException) => {
      if (!droppedOutput.has(err.code ?? '')) throw err;
    });
  }

  // Parsed spec and app files kept for the next start (src/validation/parse-cache.ts), in the compile
  // cache's private directory and off with it.
  if (!process.env.NODE_DISABLE_COMPILE_CACHE) enableYamlCache(() => privateCacheDir('yaml'), sweepAtExit);

  const program = buildProgram();
  try {
    await program.parseAsync([...argv]);
    process.exitCode ??= EXIT.ok;
  } catch (err) {
    const e = err as { code?: string; exitCode?: number; message?: string };
    if (typeof e.code === 'string' && e.code.startsWith('commander.')) {
      process.exitCode = e.exitCode === 0 ? EXIT.ok : EXIT.usage;
    } else {
      process.stderr.write(`cxas-eval: ${e.message ?? String(err)}\n`);
      process.exitCode = (err as { exitCode?: number }).exitCode ?? EXIT.failed;
    }
  }
  // Servers and sockets are closed by each command before it returns.
  return exitWhenDrained(Number(process.exitCode));
}

/**
 * The parsed-YAML cache's directory is swept when the process ends, not in the middle of loading
 * specs (a look at every entry, at most hourly: ~100 ms at 16,000 entries). Best effort.
 */
function sweepAtExit(dir: string): void {
  process.once('exit', () => {
    try {
      sweepCacheDir(dir);
    } catch {
      // The next process that writes tries again.
    }
  });
}
