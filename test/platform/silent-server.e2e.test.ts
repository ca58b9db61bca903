// A platform endpoint that accepts connections and never answers (issue 32: `platform run --wait
// --timeout 5s` took 60 s and wrote no reports). Every platform call now honours --timeout: the run
// ends by it and still writes its reports, each conversation an error naming the timeout; push and
// pull give up by their --timeout too.
import { createServer, type Server, type Socket } from 'node:net';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunResult } from '../../src/model/result.js';
import { NO_CREDENTIALS, readJson, runCli, tempProject } from '../helpers/cli.js';

const APP = 'projects/p/locations/l/apps/a';
const SPEC =
  'conversations:\n  - name: hello\n    turns: [{ user: hi, expect: [{ text: hello }] }]\n' +
  '  - name: later\n    skip: not yet\n    turns: [{ user: hi }]\n';

let server: Server;
const sockets = new Set<Socket>();
let endpoint = '';
let project: Awaited<ReturnType<typeof tempProject>>;

beforeAll(async () => {
  // Reads whatever the client sends and never writes a byte back (no HTTP/2 settings, no reply).
  server = createServer((socket) => {
    sockets.add(socket);
    socket.on('data', () => {});
    socket.on('error', () => {});
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  endpoint = `127.0.0.1:${(server.address() as { port: number }).port}`;
  project = await tempProject({ 'specs/hello.yaml': SPEC });
});

afterAll(async () => {
  for (const s of sockets) s.destroy();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  await project?.cleanup();
});

const platform = (...args: string[]) =>
  runCli(['platform', ...args, '--app', APP, '--endpoint', endpoint, '--insecure'], {
    cwd: project.dir,
    env: NO_CREDENTIALS,
  });

describe('a platform endpoint that never answers', () => {
  it('platform run --wait --timeout ends by the timeout and writes every report', async () => {
    const t0 = performance.now();
    const run = await platform('run', 'specs', '--wait', '--timeout', '3s', '--reporter', 'json,junit');
    const tookMs = performance.now() - t0;
    expect(run.code, run.stderr).toBe(1);
    // The start-up of the CLI comes on top of the 3 s; the per-call default would be 60 s.
    expect(tookMs).toBeLessThan(20_000);
    expect(run.stderr).toMatch(/cxas-eval: TIMEOUT: the platform did not answer within 3 s \(--timeout\): .*DEADLINE/);
    const result = await readJson<RunResult>(path.join(project.dir, 'reports/results.json'));
    expect(result.status).toBe('error');
    expect(result.errors.map((e) => e.code)).toEqual(['TIMEOUT']);
    expect(result.conversations).toHaveLength(2);
    expect(result.conversations[0]).toMatchObject({ name: 'hello', status: 'error', error: { code: 'TIMEOUT' } });
    // Not run by the spec's own choice: skipped with its reason, as in any run.
    expect(result.conversations[1]).toMatchObject({ name: 'later', status: 'skipped', skipReason: 'not yet' });
  }, 30_000);

  it('platform push and pull give up by their --timeout', async () => {
    const t0 = performance.now();
    const [push, pull] = await Promise.all([
      platform('push', 'specs', '--timeout', '2s'),
      platform('pull', '--timeout', '2s', '--output-dir', 'pulled'),
    ]);
    expect(performance.now() - t0).toBeLessThan(20_000);
    for (const r of [push, pull]) {
      expect(r.code).not.toBe(0);
      expect(r.stderr).toMatch(/DEADLINE_EXCEEDED/);
    }
  }, 30_000);
});
