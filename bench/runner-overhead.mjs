// Runner overhead: `cxas-eval run` on 2,000 conversations x 5 turns at concurrency 64 versus a
// bare loop of the project's client making the same calls, against one emulator process.
// Target ratio <= 1.15. Both sides are timed as whole processes (start-up, loading protos and,
// for the runner, specs and reports included), so the ratio is what a user waits for. Runs come
// in adjacent pairs, each against a fresh emulator; the ratio is the median of the pairs' ratios
// (bench/lib/paired-runs.mjs).
import * as path from 'node:path';
import {
  assertAllPassed,
  BENCH_APP_NAME,
  benchApp,
  benchSpec,
  runCli,
  runNode,
  tempDir,
  withEmulator,
  writeFiles,
  ROOT,
} from './lib/common.mjs';
import { pairedRuns } from './lib/paired-runs.mjs';

const CONVERSATIONS = Number(process.env.BENCH_CONVERSATIONS ?? 2000);
const TURNS = 5;
const CONCURRENCY = 64;
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);

const { dir, cleanup } = await tempDir('overhead');
await writeFiles(dir, {
  'app.yaml': benchApp(),
  'bench.yaml': benchSpec({ conversations: CONVERSATIONS, turns: TURNS }),
});
// Each measured run gets a fresh emulator process: the emulator keeps every session (for
// GetConversation), so a shared one would grow and slow down for whichever side runs later.
const fresh = (fn) => withEmulator(path.join(dir, 'app.yaml'), fn);

async function bareRun(address) {
  const b = await runNode([
    path.join(ROOT, 'bench/lib/bare-loop.mjs'),
    address,
    BENCH_APP_NAME,
    String(CONVERSATIONS),
    String(TURNS),
    String(CONCURRENCY),
  ]);
  if (b.code !== 0) throw new Error(`bare loop failed: ${b.stderr}`);
  if (JSON.parse(b.stdout).errors !== 0) throw new Error(`bare loop had errors: ${b.stdout}`);
  return b.ms;
}

async function runnerRun(address, round) {
  const run = await runCli({
    specFile: path.join(dir, 'bench.yaml'),
    address,
    concurrency: CONCURRENCY,
    outputDir: path.join(dir, `out-${round}`),
    // Diagnostics only: e.g. RUNNER_OVERHEAD_ARGS="--no-coverage --no-history" to see what a feature costs.
    extra: (process.env.RUNNER_OVERHEAD_ARGS ?? '').split(' ').filter(Boolean),
  });
  assertAllPassed(run, CONVERSATIONS);
  return run.ms;
}

try {
  const paired = await pairedRuns(ROUNDS, {
    over: (round) => fresh((address) => runnerRun(address, round)),
    under: () => fresh(bareRun),
  });
  console.log(
    `runner-overhead: cxas-eval run ${paired.overMs} ms vs bare client loop ${paired.underMs} ms ` +
      `(medians; ${paired.runs}) for ${CONVERSATIONS} conversations x ${TURNS} turns at concurrency ` +
      `${CONCURRENCY}: ratio ${paired.ratio.toFixed(3)}, median of ${ROUNDS} paired runs (target <= 1.15)`,
  );
} finally {
  await cleanup();
}
