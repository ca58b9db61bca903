// Latency-bound run: emulator latency 200 ms per turn, 500 conversations x 4 turns at
// concurrency 50. The bound is ceil(500/50) x 4 x 0.2 s = 8 s; target wall <= 1.10 x bound.
// Wall time is the run's own duration (results.json), so process start-up is not counted.
import * as path from 'node:path';
import { assertAllPassed, benchApp, benchSpec, runCli, tempDir, withEmulator, writeFiles } from './lib/common.mjs';

const CONVERSATIONS = 500,
  TURNS = 4,
  CONCURRENCY = 50,
  LATENCY_MS = 200;
const bound = Math.ceil(CONVERSATIONS / CONCURRENCY) * TURNS * LATENCY_MS;

const { dir, cleanup } = await tempDir('latency');
await writeFiles(dir, {
  'app.yaml': benchApp({ latencyMs: LATENCY_MS }),
  'bench.yaml': benchSpec({ conversations: CONVERSATIONS, turns: TURNS }),
});
try {
  const run = await withEmulator(path.join(dir, 'app.yaml'), (address) =>
    runCli({
      specFile: path.join(dir, 'bench.yaml'),
      address,
      concurrency: CONCURRENCY,
      outputDir: path.join(dir, 'out'),
    }),
  );
  assertAllPassed(run, CONVERSATIONS);
  const ms = run.results.durationMs;
  console.log(
    `runner-latency: ${ms} ms for ${CONVERSATIONS} x ${TURNS} turns at ${LATENCY_MS} ms/turn, ` +
      `concurrency ${CONCURRENCY}; bound ${bound} ms; ratio ${(ms / bound).toFixed(3)} (target <= 1.10)`,
  );
} finally {
  await cleanup();
}
