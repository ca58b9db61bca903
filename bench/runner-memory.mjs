// Peak memory (max RSS) of a 10,000-conversation run x 2 turns with every file reporter.
import * as path from 'node:path';
import { benchApp, benchSpec, CLI, runCli, tempDir, withEmulator, writeFiles } from './lib/common.mjs';

const CONVERSATIONS = 10_000,
  TURNS = 2;

const { dir, cleanup } = await tempDir('memory');
await writeFiles(dir, {
  'app.yaml': benchApp(),
  'bench.yaml': benchSpec({ conversations: CONVERSATIONS, turns: TURNS }),
  // Loads the real CLI and reports this process's peak RSS when it exits.
  'peak.mjs':
    "process.on('exit', () => process.stderr.write('MAXRSS_KB ' + process.resourceUsage().maxRSS + '\\n'));\n" +
    `await import(${JSON.stringify(CLI)});\n`,
});
try {
  const r = await withEmulator(path.join(dir, 'app.yaml'), (address) =>
    runCli({
      entry: path.join(dir, 'peak.mjs'),
      specFile: path.join(dir, 'bench.yaml'),
      address,
      concurrency: 64,
      reporter: 'json,junit,html',
      outputDir: path.join(dir, 'out'),
    }),
  );
  const kb = Number(/MAXRSS_KB (\d+)/.exec(r.stderr)?.[1]);
  console.log(
    `runner-memory: peak RSS ${(kb / 1024).toFixed(0)} MiB for ${r.results.summary.total} conversations ` +
      `x ${TURNS} turns (${r.results.summary.passed} passed) ` +
      `with json, junit and html reports in ${(r.ms / 1000).toFixed(1)} s`,
  );
} finally {
  await cleanup();
}
