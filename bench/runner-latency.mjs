// Latency-bound run: emulator latency 200 ms per turn, 500 conversations x 4 turns at
// concurrency 50. The bound is ceil(500/50) x 4 x 0.2 s = 8 s; target wall <= 1.10 x bound.
// Wall time is the run's own duration (results.json), so process start-up is not counted.
import * as path from 'node:path';
import { benchApp, benchSpec, CLI, readResults, runNode, startEmulatorProcess, tempDir, writeFiles } from './lib/common.mjs';

const CONVERSATIONS = 500, TURNS = 4, CONCURRENCY = 50, LATENCY_MS = 200;
const APP = 'projects/bench/locations/us/apps/bench';
const bound = Math.ceil(CONVERSATIONS / CONCURRENCY) * TURNS * LATENCY_MS;

const { dir, cleanup } = await tempDir('latency');
await writeFiles(dir, { 'app.yaml': benchApp({ latencyMs: LATENCY_MS }), 'bench.yaml': benchSpec({ conversations: CONVERSATIONS, turns: TURNS }) });
const emulator = await startEmulatorProcess(path.join(dir, 'app.yaml'));
try {
  const out = path.join(dir, 'out');
  const r = await runNode([CLI, 'run', path.join(dir, 'bench.yaml'), '--app', APP, '--endpoint', emulator.address, '--insecure',
    '--concurrency', String(CONCURRENCY), '--reporter', 'json', '--output-dir', out]);
  if (r.code !== 0) throw new Error(`cxas-eval run failed (${r.code}): ${r.stderr.slice(0, 2000)}`);
  const results = await readResults(out);
  if (results.summary.passed !== CONVERSATIONS) throw new Error(`expected ${CONVERSATIONS} passed, got ${JSON.stringify(results.summary)}`);
  const ratio = results.durationMs / bound;
  console.log(`runner-latency: ${results.durationMs} ms for ${CONVERSATIONS} x ${TURNS} turns at ${LATENCY_MS} ms/turn, concurrency ${CONCURRENCY}; bound ${bound} ms; ratio ${ratio.toFixed(3)} (target <= 1.10)`);
} finally {
  await emulator.stop();
  await cleanup();
}
