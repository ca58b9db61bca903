#!/usr/bin/env node
// The cxas-eval binary. The CLI is the only place that calls process.exit (DESIGN.md "Layout").
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
// Let pending writes flush; servers and sockets are closed by each command before it returns.
const code = Number(process.exitCode);
setImmediate(() => process.exit(code));
