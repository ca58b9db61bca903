// Emulator memory over a long soak: the emulator runs in its own process (`cxas-eval emulator`, default
// session limits: idle TTL 30 min, at most 10,000 sessions) and serves 100k RunSession turns, two turns
// per session (50k sessions); its RSS (from /proc) is printed at 10k, 50k and 100k turns with the slope
// between 50k and 100k. Before session expiry every session was kept (~5.4 KB each, so ~2.7 KB per
// turn here); the target is under a fifth of that, 500 bytes/turn, which leaves room for V8's heap
// still growing lazily after the session table is full. BENCH_SOAK_ARGS adds emulator flags (e.g.
// "--max-sessions 1000000" to see the cost of keeping every session). Run after `npm run build`; Linux only.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as grpc from '@grpc/grpc-js';
import { loadCesProtos } from '../dist/client/proto/load.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const TURNS = Number(process.env.BENCH_TURNS ?? 100_000);
const CHECKPOINTS = [10_000, 50_000, 100_000].map((n) => Math.round((n * TURNS) / 100_000));
const CONCURRENCY = 32;
const TURNS_PER_SESSION = 2;
const TARGET_BYTES_PER_TURN = 500;

function rssBytes(pid) {
  const kb = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
  return Number(kb) * 1024;
}

const mb = (bytes) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

const child = spawn(
  process.execPath,
  [
    path.join(ROOT, 'dist/bin/cxas-eval.js'),
    'emulator',
    '--app',
    path.join(ROOT, 'specs/demo/app.yaml'),
    ...(process.env.BENCH_SOAK_ARGS ?? '').split(' ').filter(Boolean),
  ],
  { stdio: ['ignore', 'pipe', 'inherit'] },
);
const address = await new Promise((resolve, reject) => {
  let out = '';
  child.stdout.on('data', (d) => {
    out += d;
    const m = /grpc (\S+)/.exec(out);
    if (m) resolve(m[1]);
  });
  child.on('exit', (code) => reject(new Error(`emulator exited (${code})`)));
});
const appName = 'projects/demo/locations/us/apps/cymbal-support';
const protos = loadCesProtos('v1');
const client = new protos.SessionService(address, grpc.credentials.createInsecure());
const call = (request) =>
  new Promise((resolve, reject) => client.runSession(request, (e, r) => (e ? reject(e) : resolve(r))));

let sent = 0;
const samples = new Map();
const started = performance.now();
async function worker(w) {
  while (sent < TURNS) {
    const n = sent++;
    const session = `${appName}/sessions/soak-${w}-${Math.floor(n / TURNS_PER_SESSION)}`;
    await call({
      config: { session },
      inputs: [{ text: n % TURNS_PER_SESSION ? 'what is my balance' : 'hello there' }],
    });
    for (const at of CHECKPOINTS) {
      if (n + 1 >= at && !samples.has(at)) {
        samples.set(at, rssBytes(child.pid));
        console.log(
          `after ${at} turns: emulator RSS ${mb(samples.get(at))} ` +
            `(${((performance.now() - started) / 1000).toFixed(0)} s)`,
        );
      }
    }
  }
}
try {
  await Promise.all(Array.from({ length: CONCURRENCY }, (_, w) => worker(w)));
  const [a, b, c] = CHECKPOINTS.map((at) => samples.get(at));
  const slope = (c - b) / (CHECKPOINTS[2] - CHECKPOINTS[1]);
  const ok = slope < TARGET_BYTES_PER_TURN;
  console.log(
    `emulator-soak: rss@${CHECKPOINTS[0]}=${mb(a)} rss@${CHECKPOINTS[1]}=${mb(b)} rss@${CHECKPOINTS[2]}=${mb(c)} ` +
      `slope=${slope.toFixed(0)} bytes/turn (${CHECKPOINTS[1]}..${CHECKPOINTS[2]}) ` +
      `target<${TARGET_BYTES_PER_TURN} ${ok ? 'ok' : 'ABOVE TARGET'}`,
  );
} finally {
  client.close();
  child.kill('SIGTERM');
}
