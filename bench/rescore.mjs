// `cxas-eval rescore` against the `run` that recorded it: 10,000 conversations x 2 turns against the
// in-process emulator at zero latency, then the same specs rescored from its results.json. Prints
// the ratio of wall times (target <= 0.3) and each process's peak RSS (target: rescore <= run).
import * as path from 'node:path';
import { benchApp, benchSpec, CLI, readResults, runNode, tempDir, writeFiles } from './lib/common.mjs';

const CONVERSATIONS = 10_000,
  TURNS = 2;

const { dir, cleanup } = await tempDir('rescore');
await writeFiles(dir, {
  'app.yaml': benchApp({ latencyMs: 0 }),
  'bench.yaml': benchSpec({ conversations: CONVERSATIONS, turns: TURNS }),
  // Loads the real CLI and reports this process's peak RSS when it exits.
  'peak.mjs':
    "process.on('exit', () => process.stderr.write('MAXRSS_KB ' + process.resourceUsage().maxRSS + '\\n'));\n" +
    `await import(${JSON.stringify(CLI)});\n`,
});

async function measured(args, outputDir) {
  const r = await runNode(
    [path.join(dir, 'peak.mjs'), ...args, '--reporter', 'json', '--output-dir', outputDir, '--no-history'],
    {
      cwd: dir,
    },
  );
  if (r.code !== 0) throw new Error(`cxas-eval ${args[0]} failed (${r.code}): ${r.stderr.slice(0, 2000)}`);
  const results = await readResults(path.join(dir, outputDir));
  if (results.summary.passed !== CONVERSATIONS)
    throw new Error(`expected ${CONVERSATIONS} passed, got ${JSON.stringify(results.summary)}`);
  return { ms: r.ms, mib: Number(/MAXRSS_KB (\d+)/.exec(r.stderr)?.[1]) / 1024 };
}

try {
  const run = await measured(['run', 'bench.yaml', '--emulator', 'app.yaml', '--concurrency', '64'], 'recorded');
  const rescore = await measured(['rescore', 'recorded', 'bench.yaml'], 'rescored');
  const ratio = (rescore.ms / run.ms).toFixed(2);
  const times = `rescore ${(rescore.ms / 1000).toFixed(1)} s, run ${(run.ms / 1000).toFixed(1)} s`;
  const rss = `peak RSS ${rescore.mib.toFixed(0)} MiB vs the run's ${run.mib.toFixed(0)} MiB`;
  console.log(
    `rescore: ${ratio}x the run's time (target <= 0.3; ${times}) · ${rss} ` +
      `(${(rescore.mib / run.mib).toFixed(2)}x, target <= 1) for ${CONVERSATIONS} conversations x ${TURNS} turns`,
  );
} finally {
  await cleanup();
}
