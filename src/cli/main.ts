#!/usr/bin/env node
// The cxas-eval binary. The CLI is the only place that calls process.exit (docs/architecture.md, Boundaries).
import { buildProgram } from './program.js';
import { EXIT } from './exit-codes.js';
import { exitWhenDrained } from './exit.js';

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
// Servers and sockets are closed by each command before it returns.
await exitWhenDrained(Number(process.exitCode));
