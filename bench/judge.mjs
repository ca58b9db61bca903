// Judge throughput: 1,000 judge expectations (10 conversations x 100) against the fake LLM server at
// 300 ms per call, judge concurrency 16. Bound = ceil(1000/16) x 0.3 s; target wall <= 1.15 x bound.
// A second run answers every expectation from the disk cache: target < 5% of the first run's wall.
// Wall time is each run's own duration (results.json), so process start-up is not counted.
import * as path from 'node:path';
import { startFakeLlm } from '../test/helpers/fake-llm.mjs';
import {
  BENCH_APP_NAME,
  CLI,
  benchApp,
  readResults,
  runNode,
  tempDir,
  withEmulator,
  writeFiles,
} from './lib/common.mjs';

const EXPECTATIONS = 1000,
  CONVERSATIONS = 10,
  CONCURRENCY = 16,
  LATENCY_MS = 300;
const bound = Math.ceil(EXPECTATIONS / CONCURRENCY) * LATENCY_MS;
const PASS = { json: { verdict: 'pass', reason: 'ok', evidenceTurns: [1] } };

function spec() {
  const lines = ['conversations:'];
  for (let c = 0; c < CONVERSATIONS; c++) {
    lines.push(`  - name: judged ${c}`, '    turns:', `      - user: "hello ${c}"`, '    expect:');
    for (let j = 0; j < EXPECTATIONS / CONVERSATIONS; j++)
      lines.push(`      - judge: { prompt: "criterion ${c}-${j}" }`);
  }
  return `${lines.join('\n')}\n`;
}

const { dir, cleanup } = await tempDir('judge');
const fake = await startFakeLlm({ delayMs: LATENCY_MS });
fake.on(() => true, PASS);
await writeFiles(dir, {
  'app.yaml': benchApp(),
  'bench.yaml': spec(),
  'config.yaml':
    `judge: { backend: gemini, baseUrl: "${fake.url}", concurrency: ${CONCURRENCY}, ` +
    `cache: { dir: "${path.join(dir, 'cache')}" } }\n`,
});

async function run(address, out) {
  const r = await runNode(
    [
      CLI,
      'run',
      path.join(dir, 'bench.yaml'),
      '--app',
      BENCH_APP_NAME,
      '--endpoint',
      address,
      '--insecure',
      '--config',
      path.join(dir, 'config.yaml'),
      '--reporter',
      'json',
      '--output-dir',
      path.join(dir, out),
    ],
    { env: { GEMINI_API_KEY: 'bench-key' } },
  );
  const results = await readResults(path.join(dir, out));
  if (r.code !== 0 || results.summary.passed !== CONVERSATIONS) {
    throw new Error(`judge run failed (${r.code}): ${JSON.stringify(results.summary)} ${r.stderr.slice(0, 2000)}`);
  }
  return results;
}

try {
  const [first, second] = await withEmulator(path.join(dir, 'app.yaml'), async (address) => [
    await run(address, 'out1'),
    await run(address, 'out2'),
  ]);
  if (second.llmUsage.judge.cacheHits !== EXPECTATIONS)
    throw new Error(`second run: ${JSON.stringify(second.llmUsage.judge)}`);
  const ratio = first.durationMs / bound;
  const cachedRatio = second.durationMs / first.durationMs;
  console.log(
    `judge: ${first.durationMs} ms for ${EXPECTATIONS} judge expectations at ${LATENCY_MS} ms/call, ` +
      `judge concurrency ${CONCURRENCY} ` +
      `(max in flight ${fake.maxConcurrent}); bound ${bound} ms; ratio ${ratio.toFixed(3)} (target <= 1.15); ` +
      `cached re-run ${second.durationMs} ms, ratio ${cachedRatio.toFixed(3)} (target < 0.05)`,
  );
} finally {
  await fake.close();
  await cleanup();
}
