// Quota: emulator quota of 100 turns/s, runner concurrency 200. Target: zero errors and at
// least 85% of the quota used (successful turns per second of run time / 100).
import * as path from 'node:path';
import { benchApp, benchSpec, runCli, tempDir, withEmulator, writeFiles } from './lib/common.mjs';

const CONVERSATIONS = 300,
  TURNS = 4,
  CONCURRENCY = 200,
  QUOTA = 100;

const { dir, cleanup } = await tempDir('quota');
await writeFiles(dir, {
  'app.yaml': benchApp({ quota: QUOTA }),
  'bench.yaml': benchSpec({ conversations: CONVERSATIONS, turns: TURNS }),
});
try {
  const { code, results } = await withEmulator(path.join(dir, 'app.yaml'), (address) =>
    runCli({
      specFile: path.join(dir, 'bench.yaml'),
      address,
      concurrency: CONCURRENCY,
      outputDir: path.join(dir, 'out'),
    }),
  );
  const errors = results.summary.error + results.summary.failed;
  const turns = results.conversations.reduce((n, c) => n + c.turns.filter((t) => t.result).length, 0);
  const used = turns / (results.durationMs / 1000) / QUOTA;
  console.log(
    `runner-quota: ${turns} turns in ${results.durationMs} ms against a ${QUOTA} turns/s quota ` +
      `at concurrency ${CONCURRENCY}: ${errors} errors (target 0), ` +
      `quota used ${(used * 100).toFixed(1)}% (target >= 85%), exit ${code}`,
  );
} finally {
  await cleanup();
}
