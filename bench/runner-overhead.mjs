// Runner overhead: `cxas-eval run` on 2,000 conversations x 5 turns at concurrency 64 versus a
// bare loop of the project's client making the same calls, against one emulator process.
// Target ratio <= 1.15. Both sides are timed as whole processes (start-up, loading protos and,
// for the runner, specs and reports included), so the ratio is what a user waits for. Each side
// runs three times, alternating; the best of each is compared.
import * as path from 'node:path';
import { benchApp, benchSpec, CLI, readResults, runNode, startEmulatorProcess, tempDir, writeFiles, ROOT } from './lib/common.mjs';

const CONVERSATIONS = Number(process.env.BENCH_CONVERSATIONS ?? 2000);
const TURNS = 5;
const CONCURRENCY = 64;
const APP = 'projects/bench/locations/us/apps/bench';

const { dir, cleanup } = await tempDir('overhead');
await writeFiles(dir, { 'app.yaml': benchApp(), 'bench.yaml': benchSpec({ conversations: CONVERSATIONS, turns: TURNS }) });
const emulator = await startEmulatorProcess(path.join(dir, 'app.yaml'));
try {
  const bare = [];
  const runner = [];
  for (let round = 0; round < 3; round++) {
    const b = await runNode([path.join(ROOT, 'bench/lib/bare-loop.mjs'), emulator.address, APP, String(CONVERSATIONS), String(TURNS), String(CONCURRENCY)]);
    if (b.code !== 0) throw new Error(`bare loop failed: ${b.stderr}`);
    if (JSON.parse(b.stdout).errors !== 0) throw new Error(`bare loop had errors: ${b.stdout}`);
    bare.push(b.ms);
    const out = path.join(dir, `out-${round}`);
    const r = await runNode([CLI, 'run', path.join(dir, 'bench.yaml'), '--app', APP, '--endpoint', emulator.address, '--insecure',
      '--concurrency', String(CONCURRENCY), '--reporter', 'json', '--output-dir', out]);
    if (r.code !== 0) throw new Error(`cxas-eval run failed (${r.code}): ${r.stderr.slice(0, 2000)}`);
    const results = await readResults(out);
    if (results.summary.passed !== CONVERSATIONS) throw new Error(`expected ${CONVERSATIONS} passed, got ${JSON.stringify(results.summary)}`);
    runner.push(r.ms);
  }
  const best = (xs) => Math.min(...xs);
  const ratio = best(runner) / best(bare);
  console.log(`runner-overhead: cxas-eval run ${best(runner).toFixed(0)} ms vs bare client loop ${best(bare).toFixed(0)} ms for ${CONVERSATIONS} conversations x ${TURNS} turns at concurrency ${CONCURRENCY}: ratio ${ratio.toFixed(3)} (target <= 1.15)`);
} finally {
  await emulator.stop();
  await cleanup();
}
