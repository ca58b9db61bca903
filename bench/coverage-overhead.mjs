// Coverage overhead: `cxas-eval run` (2,000 conversations x 5 turns, concurrency 64, JSON report)
// with coverage (the default: the app's inventory listed through AgentService once the
// conversations are done, figures computed from the results) versus the same run with
// --no-coverage, each against a fresh emulator process. Runs come in adjacent pairs, each side
// going first in turn; the ratio is the median of the pairs' ratios (bench/lib/paired-runs.mjs).
// Target <= 1.05.
import * as path from 'node:path';
import { assertAllPassed, benchApp, benchSpec, runCli, tempDir, withEmulator, writeFiles } from './lib/common.mjs';
import { pairedRuns } from './lib/paired-runs.mjs';

const CONVERSATIONS = Number(process.env.BENCH_CONVERSATIONS ?? 2000);
const TURNS = 5;
const CONCURRENCY = 64;
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);

const { dir, cleanup } = await tempDir('coverage');
await writeFiles(dir, {
  'app.yaml': benchApp(),
  'bench.yaml': benchSpec({ conversations: CONVERSATIONS, turns: TURNS }),
});

async function timedRun(round, coverage) {
  return withEmulator(path.join(dir, 'app.yaml'), async (address) => {
    const outputDir = path.join(dir, `out-${round}-${coverage ? 'on' : 'off'}`);
    const extra = coverage ? [] : ['--no-coverage'];
    const run = await runCli({
      specFile: path.join(dir, 'bench.yaml'),
      address,
      concurrency: CONCURRENCY,
      outputDir,
      extra,
    });
    assertAllPassed(run, CONVERSATIONS);
    const has = run.results.coverage !== undefined && !('unavailable' in run.results.coverage);
    if (has !== coverage) throw new Error(`coverage ${coverage ? 'missing' : 'present'} in ${outputDir}`);
    return run.ms;
  });
}

try {
  const paired = await pairedRuns(ROUNDS, {
    over: (round) => timedRun(round, true),
    under: (round) => timedRun(round, false),
  });
  console.log(
    `coverage-overhead: run with coverage ${paired.overMs} ms vs --no-coverage ${paired.underMs} ms ` +
      `(medians; ${paired.runs}) for ${CONVERSATIONS} conversations x ${TURNS} turns: ` +
      `ratio ${paired.ratio.toFixed(3)}, median of ${ROUNDS} paired runs (target <= 1.05)`,
  );
} finally {
  await cleanup();
}
