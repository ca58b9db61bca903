// `npm run bench`: every benchmark in its own process, one after another (they measure time and
// must not compete for the two cores); prints each summary line, then all of them together.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const only = process.argv.slice(2);
const all = [
  'emulator-throughput',
  'runner-overhead',
  'coverage-overhead',
  'runner-latency',
  'runner-quota',
  'runner-memory',
  'validate-1000',
  'html-10k',
  'compare',
  'rescore',
  'judge',
  'emulator-soak',
  'fault-soak',
  'startup',
];
const benches = (only.length ? only : all).filter((b) => existsSync(path.join(here, `${b}.mjs`)));
const lines = [];
let failed = 0;
for (const bench of benches) {
  process.stdout.write(`\n== ${bench}\n`);
  const code = await new Promise((resolve) => {
    const child = spawn(process.execPath, [path.join(here, `${bench}.mjs`)], { stdio: ['ignore', 'pipe', 'inherit'] });
    child.stdout.on('data', (d) => {
      process.stdout.write(d);
      for (const line of String(d).split('\n')) if (line.startsWith(`${bench}:`)) lines.push(line);
    });
    child.on('exit', resolve);
  });
  if (code !== 0) {
    failed += 1;
    lines.push(`${bench}: FAILED (exit ${code})`);
  }
}
process.stdout.write(`\n== summary\n${lines.join('\n')}\n`);
process.exitCode = failed ? 1 : 0;
