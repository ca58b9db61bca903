// `cxas-eval import conversations` (the built CLI) against a loopback gRPC AgentService that never
// answers: the config's timeoutMs bounds the whole import (the listing and the fetches of the
// conversations it lists), and Ctrl-C ends it with 130, instead of a command that hangs forever.
import * as grpc from '@grpc/grpc-js';
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadCesProtos } from '../../src/client/proto/load.js';
import { APP, type Decoded } from '../client/server.js';
import { startCli, tempProject, type CliResult } from '../helpers/cli.js';

/** Kills a CLI still running after this long: a hang fails the test instead of stalling it. */
const GUARD_MS = 15_000;

/** What the server saw, in order: `listConversations`, `getConversation`. */
const calls: string[] = [];
let answerList = false;
let server: grpc.Server;
let address: string;
let project: Awaited<ReturnType<typeof tempProject>>;

beforeAll(async () => {
  const protos = loadCesProtos('v1');
  server = new grpc.Server();
  server.addService(protos.AgentService.service, {
    // Never answers unless told to; then lists one conversation without its turns (to be fetched).
    listConversations: (_call: unknown, cb: grpc.sendUnaryData<Decoded>) => {
      calls.push('listConversations');
      if (answerList) cb(null, { conversations: [{ name: `${APP}/conversations/conv-1` }] });
    },
    getConversation: () => void calls.push('getConversation'),
  });
  const port = await new Promise<number>((resolve, reject) =>
    server.bindAsync('127.0.0.1:0', grpc.ServerCredentials.createInsecure(), (err, p) =>
      err ? reject(err) : resolve(p),
    ),
  );
  address = `127.0.0.1:${port}`;
  project = await tempProject({ 'cxas-eval.config.yaml': 'timeoutMs: 500\n' });
});
afterAll(async () => {
  server.forceShutdown();
  await project.cleanup();
});

function importCli(
  out: string,
  cwd = project.dir,
): { child: ReturnType<typeof startCli>['child']; done: Promise<CliResult> } {
  const args = ['import', 'conversations', '--app', APP, '--endpoint', address, '--insecure', '-o', out];
  const started = startCli(args, { cwd });
  const guard = setTimeout(() => started.child.kill('SIGKILL'), GUARD_MS);
  return { child: started.child, done: started.done.finally(() => clearTimeout(guard)) };
}

describe('import conversations against a server that never answers', () => {
  it("fails at the config's timeoutMs when the listing never comes (exit 1, nothing written)", async () => {
    calls.length = 0;
    answerList = false;
    const res = await importCli('out-list').done;
    expect(res.signal).toBeNull();
    expect(res.code).toBe(1);
    expect(res.stderr).toMatch(/DEADLINE_EXCEEDED.*within 500 ms.*timeoutMs in the config/);
    expect(calls).toEqual(['listConversations']);
    expect(existsSync(path.join(project.dir, 'out-list'))).toBe(false);
  });

  it('spends the same deadline on fetching what was listed', async () => {
    calls.length = 0;
    answerList = true;
    const res = await importCli('out-fetch').done;
    expect(res.code).toBe(1);
    expect(res.stderr).toMatch(/DEADLINE_EXCEEDED.*within 500 ms/);
    expect(calls).toEqual(['listConversations', 'getConversation']);
  });

  it('ends at Ctrl-C (SIGINT): exit 130, the call cancelled', async () => {
    calls.length = 0;
    answerList = false;
    await project.write('long/cxas-eval.config.yaml', 'timeoutMs: 60000\n');
    const { child, done } = importCli('out', path.join(project.dir, 'long'));
    // The listing is in flight once the server has it.
    while (calls.length === 0 && child.exitCode === null && child.signalCode === null)
      await new Promise((resolve) => setTimeout(resolve, 20));
    child.kill('SIGINT');
    const res = await done;
    expect(res.signal).toBeNull();
    expect(res.code).toBe(130);
    expect(res.stderr).toContain('Interrupted (SIGINT) while listing conversations; nothing was written');
  });
});
