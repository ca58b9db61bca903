// Quota: emulator quota of 100 turns/s, runner concurrency 200. Target: zero errors and at
// least 85% of the quota used (successful turns per second of run time / 100).
import * as path from 'node:path';
import { benchApp, benchSpec, CLI, readResults, runNode, startEmulatorProcess, tempDir, writeFiles } from './lib/common.mjs';

const CONVERSATIONS = 300, TURNS = 4, CONCURRENCY = 200, QUOTA = 100;
const APP = 'projects/bench/locations/us/apps/bench';

const { dir, cleanup } = await tempDir('quota');
await writeFiles(dir, { 'app.yaml': benchApp({ quota: QUOTA }), 'bench.yaml': benchSpec({ conversations: CONVERSATIONS, turns: TURNS }) });
const emulator = await startEmulatorProcess(path.join(dir, 'app.yaml'));
try {
  const out = path.join(dir, 'out');
  const r = await runNode([CLI, 'run', path.join(dir, 'bench.yaml'), '--app', APP, '--endpoint', emulator.address, '--insecure',
    '--concurrency', String(CONCURRENCY), '--reporter', 'json', '--output-dir', out]);
  const results = await readResults(out);
  const errors = results.summary.error + results.summary.failed;
  const turns = results.conversations.reduce((n, c) => n + c.turns.filter((t) => t.result).length, 0);
  const used = turns / (results.durationMs / 1000) / QUOTA;
  console.log(`runner-quota: ${turns} turns in ${results.durationMs} ms against a ${QUOTA} turns/s quota at concurrency ${CONCURRENCY}: ${errors} errors (target 0), quota used ${(used * 100).toFixed(1)}% (target >= 85%), exit ${r.code}`);
} finally {
  await emulator.stop();
  await cleanup();
}
