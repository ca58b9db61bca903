// A stop is not held up by the coverage listing at the end of a run (the app's inventory, listed over
// AgentService when the app is at an endpoint): against a loopback gRPC server whose AgentService
// never answers, the first Ctrl-C (CLI) or the library's `signal` ends the listing at once, the run
// is reported `interrupted` with its coverage "not listed", and the exit code agrees (130). A run
// stopped while its conversations run does not list the inventory at all.
import * as grpc from '@grpc/grpc-js';
import { readFile } from 'node:fs/promises';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadCesProtos } from '../../src/client/proto/load.js';
import type { RunResult } from '../../src/model/result.js';
import { run } from '../../src/library/run.js';
import { NO_CREDENTIALS, startCli, tempProject } from '../helpers/cli.js';
import { APP, echoReply, type Decoded } from '../client/server.js';

const SPEC =
  'conversations:\n  - name: echoes\n    turns:\n      - user: hi\n  - name: hangs\n    turns:\n      - user: hang\n';
/** Far below the listing's own 30 s deadline. */
const PROMPT_MS = 5_000;

/** AgentService calls received (each left unanswered); `listing` resolves at the first. */
const listCalls: string[] = [];
let listingStarted: () => void = () => {};
const nextListing = (): Promise<void> => new Promise((resolve) => (listingStarted = resolve));

let server: grpc.Server;
let endpoint: string;
let project: Awaited<ReturnType<typeof tempProject>>;

beforeAll(async () => {
  const protos = loadCesProtos('v1');
  server = new grpc.Server();
  server.addService(protos.SessionService.service, {
    runSession: (call: grpc.ServerUnaryCall<Decoded, Decoded>, cb: grpc.sendUnaryData<Decoded>) => {
      // "hang" is never answered: the run can only end it by cancelling.
      if (call.request.inputs.some((i: Decoded) => i.text === 'hang')) return;
      cb(null, echoReply(call.request));
    },
  });
  const hung = Object.fromEntries(
    Object.keys(protos.AgentService.service).map((method) => [
      method,
      () => {
        listCalls.push(method);
        listingStarted();
      },
    ]),
  );
  server.addService(protos.AgentService.service, hung);
  const port = await new Promise<number>((resolve, reject) =>
    server.bindAsync('127.0.0.1:0', grpc.ServerCredentials.createInsecure(), (err, p) =>
      err ? reject(err) : resolve(p),
    ),
  );
  endpoint = `127.0.0.1:${port}`;
  project = await tempProject({ 'specs/s.yaml': SPEC });
});
afterAll(async () => {
  server.forceShutdown();
  await project?.cleanup();
});

const readResults = async (out: string): Promise<RunResult> =>
  JSON.parse(await readFile(path.join(project.dir, out, 'results.json'), 'utf8')) as RunResult;

function expectStoppedWhileListing(result: RunResult): void {
  expect(result.status).toBe('interrupted');
  expect(result.interrupted).toBe(true);
  expect(result.conversations.map((c) => c.status)).toEqual(['passed']);
  expect(result.errors).toEqual([
    {
      code: 'INTERRUPTED',
      message: "the run was interrupted after its conversations had finished, while the app's inventory was listed",
    },
  ]);
  expect(result.coverage).toEqual({
    app: APP,
    unavailable: expect.stringMatching(/^not listed: the run was interrupted/),
  });
}

describe('a stop during the coverage listing', () => {
  it('CLI: the first Ctrl-C ends the listing at once; reports and exit code say interrupted (130)', async () => {
    const listing = nextListing();
    const { child, done } = startCli(
      ['run', 'specs', '--grep', 'echoes', '--no-history', '--app', APP, '--endpoint', endpoint, '--insecure'].concat([
        '--reporter',
        'json,list',
        '--output-dir',
        'cli-out',
      ]),
      { cwd: project.dir, env: NO_CREDENTIALS },
    );
    await listing;
    const signalled = performance.now();
    child.kill('SIGINT');
    const res = await done;
    expect(performance.now() - signalled, res.stderr).toBeLessThan(PROMPT_MS);
    expect(res.code, res.stdout + res.stderr).toBe(130);
    expect(res.stdout).toContain('Status: interrupted');
    expectStoppedWhileListing(await readResults('cli-out'));
  }, 30_000);

  it('library: `signal` ends the listing at once; the outcome and results.json say interrupted (130)', async () => {
    const controller = new AbortController();
    const listing = nextListing().then(() => controller.abort());
    const started = performance.now();
    const outcome = await run({
      ...libraryRun('lib-out', controller.signal),
      grep: 'echoes',
    });
    await listing;
    expect(performance.now() - started).toBeLessThan(PROMPT_MS);
    expect(outcome.exitCode).toBe(130);
    expectStoppedWhileListing(outcome.result);
    expectStoppedWhileListing(await readResults('lib-out'));
  }, 30_000);

  it('library: a run stopped while a conversation runs does not list the inventory', async () => {
    listCalls.length = 0;
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 500);
    const started = performance.now();
    const outcome = await run({ ...libraryRun('hang-out', controller.signal), grep: 'hangs' });
    expect(performance.now() - started).toBeLessThan(PROMPT_MS);
    expect(listCalls).toEqual([]);
    expect(outcome.exitCode).toBe(130);
    expect(outcome.result.status).toBe('interrupted');
    expect(outcome.result.coverage).toEqual({
      app: APP,
      unavailable: expect.stringMatching(/^not listed: the run was interrupted/),
    });
  }, 30_000);
});

function libraryRun(outputDir: string, signal: AbortSignal) {
  return {
    cwd: project.dir,
    app: APP,
    endpoint,
    insecure: true,
    outputDir,
    reporters: ['json' as const],
    history: false,
    signal,
    io: { out: () => {}, warn: () => {}, env: NO_CREDENTIALS },
  };
}
