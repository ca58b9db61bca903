#!/usr/bin/env node
// The cxas-eval binary. The CLI is the only place that calls process.exit (docs/architecture.md, Boundaries).
import { buildProgram } from './program.js';
import { EXIT } from './exit-codes.js';

const program = buildProgram();
try {
  await program.parseAsync(process.argv);
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
// Servers and sockets are closed by each command before it returns; exit once stdout and stderr
// have handed everything to the OS (a piped stdout is otherwise cut at the pipe's buffer size).
const code = Number(process.exitCode);
await Promise.all([drained(process.stdout), drained(process.stderr)]);
process.exit(code);

/** Resolves when everything written so far has been flushed (or the stream is gone: EPIPE). */
function drained(stream: NodeJS.WriteStream): Promise<void> {
  if (stream.destroyed || !stream.writable) return Promise.resolve();
  return new Promise((resolve) => {
    stream.once('error', () => resolve());
    stream.write('', () => resolve());
  });
}
