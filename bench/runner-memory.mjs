// Peak memory (max RSS) of a 10,000-conversation run x 2 turns with every file reporter.
import * as path from 'node:path';
import { benchApp, benchSpec, CLI, readResults, runNode, startEmulatorProcess, tempDir, writeFiles } from './lib/common.mjs';

const CONVERSATIONS = 10_000, TURNS = 2;
const APP = 'projects/bench/locations/us/apps/bench';

const { dir, cleanup } = await tempDir('memory');
await writeFiles(dir, {
  'app.yaml': benchApp(),
  'bench.yaml': benchSpec({ conversations: CONVERSATIONS, turns: TURNS }),
  // Loads the real CLI and reports this process's peak RSS when it exits.
  'peak.mjs': `process.on('exit', () => process.stderr.write('MAXRSS_KB ' + process.resourceUsage().maxRSS + '\\n'));\nawait import(${JSON.stringify(CLI)});\n`,
});
const emulator = await startEmulatorProcess(path.join(dir, 'app.yaml'));
try {
  const out = path.join(dir, 'out');
  const r = await runNode([path.join(dir, 'peak.mjs'), 'run', path.join(dir, 'bench.yaml'), '--app', APP, '--endpoint', emulator.address, '--insecure',
    '--concurrency', '64', '--reporter', 'json,junit,html', '--output-dir', out]);
  const results = await readResults(out);
  const kb = Number(/MAXRSS_KB (\d+)/.exec(r.stderr)?.[1]);
  console.log(`runner-memory: peak RSS ${(kb / 1024).toFixed(0)} MiB for ${results.summary.total} conversations x ${TURNS} turns (${results.summary.passed} passed) with json, junit and html reports in ${(r.ms / 1000).toFixed(1)} s`);
} finally {
  await emulator.stop();
  await cleanup();
}
