// Fault soak: BENCH_SOAK_CONVERSATIONS (default 5,000) two-turn conversations through `cxas-eval run`
// against the bundled emulator injecting UNAVAILABLE, dropped streams and RESOURCE_EXHAUSTED at random
// (seeded), with retries. Half of the conversations must pass and half must fail (an expectation that
// cannot hold), so a fault that turned into a verdict shows. Prints how many conversations were lost
// (missing from results.json), duplicated, misclassified (a pass reported failed or the reverse) and
// ended in error (a fault that outlasted the retries: honest, but counted). Targets: 0, 0, 0.
// Run after `npm run build`.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const N = Number(process.env.BENCH_SOAK_CONVERSATIONS ?? 5000);
const FAULTS =
  process.env.BENCH_SOAK_FAULTS ?? '{ unavailable: 0.05, dropStream: 0.05, resourceExhausted: 0.05, retryDelayMs: 20 }';

const app = `app: projects/test/locations/us/apps/echo
rootAgent: root_agent
seed: 11
latencyMs: 0
faults: ${FAULTS}
agents:
  root_agent:
    routes:
      - on: { default: true }
        say: "echo: \${input.text}"
`;
const shouldPass = (i) => i % 2 === 0;
const conversation = (i) =>
  `  - name: c${i}\n    turns:\n      - user: hello ${i}\n` +
  `        expect: [ { text: { contains: "${shouldPass(i) ? 'hello' : 'nope'} ${i}" } } ]\n` +
  `      - user: again ${i}`;

const dir = mkdtempSync(path.join(tmpdir(), 'cxas-fault-soak-'));
try {
  mkdirSync(path.join(dir, 'specs'));
  writeFileSync(path.join(dir, 'app.yaml'), app);
  writeFileSync(
    path.join(dir, 'specs/soak.yaml'),
    `conversations:\n${Array.from({ length: N }, (_, i) => conversation(i)).join('\n')}\n`,
  );
  const started = performance.now();
  const run = spawnSync(
    process.execPath,
    [
      path.join(ROOT, 'dist/bin/cxas-eval.js'),
      'run',
      'specs',
      '--emulator',
      'app.yaml',
      '--reporter',
      'json',
      '--output-dir',
      'out',
      '--retries',
      '8',
      '--concurrency',
      '32',
    ],
    { cwd: dir, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 },
  );
  const seconds = (performance.now() - started) / 1000;
  const results = JSON.parse(readFileSync(path.join(dir, 'out/results.json'), 'utf8'));
  const seen = new Map();
  for (const c of results.conversations) seen.set(c.name, (seen.get(c.name) ?? 0) + 1);
  let lost = 0;
  let misclassified = 0;
  let errors = 0;
  let retried = 0;
  const byName = new Map(results.conversations.map((c) => [c.name, c]));
  for (let i = 0; i < N; i++) {
    const c = byName.get(`c${i}`);
    if (!c) {
      lost += 1;
      continue;
    }
    if (c.attempts?.length > 1) retried += 1;
    if (c.status === 'error') errors += 1;
    else if (c.status !== (shouldPass(i) ? 'passed' : 'failed')) misclassified += 1;
  }
  const duplicated = [...seen.values()].filter((n) => n > 1).length;
  const ok = lost === 0 && duplicated === 0 && misclassified === 0;
  console.log(
    `fault-soak: ${N} conversations, faults ${FAULTS}, exit ${run.status}, ${seconds.toFixed(1)} s; ` +
      `lost ${lost}, duplicated ${duplicated}, misclassified ${misclassified}, error ${errors}, ` +
      `retried ${retried} (${ok ? 'ok' : 'FAILED'})`,
  );
  if (!ok) process.exitCode = 1;
} finally {
  rmSync(dir, { recursive: true, force: true });
}
