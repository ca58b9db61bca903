// Runner overhead: `cxas-eval run` on 2,000 conversations x 5 turns at concurrency 64 versus a
// bare loop of the project's client making the same calls, against one emulator process.
// Target ratio <= 1.15. Both sides are timed as whole processes (start-up, loading protos and,
// for the runner, specs and reports included), so the ratio is what a user waits for. Runs come
// in adjacent pairs, each against a fresh emulator; the ratio is the median of the pairs' ratios.
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
  const pairs = [];
  // Pairs of adjacent runs, each side going first in turn: a pair shares the machine's state at
  // that moment, so the median of the pairs' ratios shrugs off noise from other tenants.
  for (let round = 0; round < ROUNDS; round++) {
    const pair = {};
    const sides = [
      async () => {
        pair.bare = await fresh(bareRun);
      },
      async () => {
        pair.runner = await fresh((address) => runnerRun(address, round));
      },
    ];
    if (round % 2 === 1) sides.reverse();
    for (const side of sides) await side();
    pairs.push(pair);
  }
  const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  const ratio = median(pairs.map((p) => p.runner / p.bare));
  const ms = (xs) => xs.map((x) => x.toFixed(0)).join('/');
  console.log(
    `runner-overhead: cxas-eval run ${median(pairs.map((p) => p.runner)).toFixed(0)} ms ` +
      `vs bare client loop ${median(pairs.map((p) => p.bare)).toFixed(0)} ms ` +
      `(medians; runs ${ms(pairs.map((p) => p.runner))} vs ${ms(pairs.map((p) => p.bare))}) ` +
      `for ${CONVERSATIONS} conversations x ${TURNS} turns at concurrency ${CONCURRENCY}: ` +
      `ratio ${ratio.toFixed(3)}, median of ${ROUNDS} paired runs (target <= 1.15)`,
  );
} finally {
  await cleanup();
}
