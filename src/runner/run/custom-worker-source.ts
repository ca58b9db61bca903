// The program of a custom matcher's worker thread (src/runner/run/custom-host.ts), as source text:
// a worker started from a string needs no file of its own next to the bundled CLI (dist/bin/) or the
// TypeScript sources under test. It runs as a CommonJS script (Worker `eval: true`).
//
// Protocol (parent ⇄ worker):
//   worker → {kind: 'loaded', exports: {name: typeof value}} | {kind: 'load-failed', error}
//   parent → {kind: 'call', id, exportName, input} | {kind: 'ping'}
//   worker → {kind: 'returned', id, value} | {kind: 'threw', id, error} | {kind: 'pong'}
// where `error` is {name, message, code?}. A value that cannot be cloned is reported as thrown.
export const CUSTOM_WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const describe = (err) =>
  err instanceof Error
    ? { name: err.name, message: err.message, ...(typeof err.code === 'string' ? { code: err.code } : {}) }
    : { name: 'Error', message: 'threw a non-Error value: ' + String(err) };
let exported;
import(workerData.url).then(
  (ns) => {
    exported = ns;
    const exports = {};
    for (const name of Object.keys(ns)) exports[name] = typeof ns[name];
    parentPort.postMessage({ kind: 'loaded', exports });
  },
  (err) => parentPort.postMessage({ kind: 'load-failed', error: describe(err) }),
);
parentPort.on('message', async (m) => {
  if (m.kind === 'ping') return parentPort.postMessage({ kind: 'pong' });
  const { id, exportName, input } = m;
  let value;
  try {
    value = await exported[exportName](input);
  } catch (err) {
    parentPort.postMessage({ kind: 'threw', id, error: describe(err) });
    return;
  }
  try {
    parentPort.postMessage({ kind: 'returned', id, value });
  } catch (err) {
    const message = 'returned a value that cannot be passed back: ' + describe(err).message;
    parentPort.postMessage({ kind: 'threw', id, error: { name: 'DataCloneError', message } });
  }
});
`;
