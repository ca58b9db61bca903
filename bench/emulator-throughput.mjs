// RunSession throughput of the emulator (demo app, zero latency) as a ratio to a minimal
// grpc-js server that returns a fixed RunSessionResponse, both measured in this run with the
// same client and concurrency. Run after `npm run build`. Target: ratio >= 0.5.
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as grpc from '@grpc/grpc-js';
import { startEmulator } from '../dist/emulator/index.js';
import { loadCesProtos } from '../dist/client/proto/load.js';

const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 32);
const WARMUP_MS = 500;
const MEASURE_MS = Number(process.env.BENCH_MEASURE_MS ?? 1500);
const ROUNDS = 2; // alternate baseline and emulator so drift in machine load hits both alike
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const protos = loadCesProtos('v1');

function callOnce(client, request) {
  return new Promise((resolve, reject) => client.runSession(request, (err, res) => (err ? reject(err) : resolve(res))));
}

/** Completed RunSession calls per second with CONCURRENCY callers, each in its own session. */
async function measure(address, appName, label) {
  const client = new protos.SessionService(address, grpc.credentials.createInsecure());
  let counting = false;
  let done = 0;
  let stopAt = performance.now() + WARMUP_MS;
  const worker = async (w) => {
    const request = {
      config: { session: `${appName}/sessions/bench-${label}-${w}` },
      inputs: [{ text: 'hello there' }],
    };
    while (performance.now() < stopAt) {
      await callOnce(client, request);
      if (counting) done++;
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, (_, w) => worker(w)));
  counting = true;
  const started = performance.now();
  stopAt = started + MEASURE_MS;
  await Promise.all(Array.from({ length: CONCURRENCY }, (_, w) => worker(w)));
  const rate = done / ((performance.now() - started) / 1000);
  client.close();
  return rate;
}

/** The smallest honest server: decodes the request, returns a response captured from the emulator. */
async function startBaseline(fixedResponse) {
  const server = new grpc.Server();
  server.addService(protos.SessionService.service, {
    RunSession: (_call, callback) => callback(null, fixedResponse),
    StreamRunSession: (call) => call.end(),
    BidiRunSession: (call) => call.end(),
  });
  const port = await new Promise((resolve, reject) =>
    server.bindAsync('127.0.0.1:0', grpc.ServerCredentials.createInsecure(), (e, p) => (e ? reject(e) : resolve(p))),
  );
  return { address: `127.0.0.1:${port}`, stop: () => server.forceShutdown() };
}

const emulator = await startEmulator({
  app: path.join(ROOT, 'specs/demo/app.yaml'),
  overrides: {
    latencyMs: 0,
    faults: { unavailable: 0, resourceExhausted: 0, dropStream: 0, quotaTurnsPerSecond: null },
  },
});
const sample = await callOnce(new protos.SessionService(emulator.address, grpc.credentials.createInsecure()), {
  config: { session: `${emulator.appName}/sessions/bench-sample` },
  inputs: [{ text: 'hello there' }],
});
const baseline = await startBaseline(sample);
try {
  let baselineRps = 0;
  let emulatorRps = 0;
  for (let round = 0; round < ROUNDS; round++) {
    baselineRps += (await measure(baseline.address, emulator.appName, `base${round}`)) / ROUNDS;
    emulatorRps += (await measure(emulator.address, emulator.appName, `emu${round}`)) / ROUNDS;
  }
  const ratio = emulatorRps / baselineRps;
  console.log(`baseline (fixed response): ${baselineRps.toFixed(0)} RunSession/s`);
  console.log(`emulator (demo app):       ${emulatorRps.toFixed(0)} RunSession/s`);
  console.log(
    `emulator-throughput: ratio=${ratio.toFixed(2)} emulator=${emulatorRps.toFixed(0)}/s ` +
      `baseline=${baselineRps.toFixed(0)}/s concurrency=${CONCURRENCY} ` +
      `target>=0.5 ${ratio >= 0.5 ? 'ok' : 'BELOW TARGET'}`,
  );
} finally {
  baseline.stop();
  await emulator.stop();
}
