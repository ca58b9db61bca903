// `--token` guards every gRPC service of the emulator (issue 32): platform push, run and pull
// (EvaluationService, Operations), ToolService and AgentService refuse a call without the bearer
// token, as SessionService does; with it they answer.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as grpc from '@grpc/grpc-js';
import { startEmulator, type RunningEmulator } from '../../src/emulator/index.js';
import { DEMO_APP } from '../helpers/cli.js';

let emulator: RunningEmulator;
let client: grpc.Client;

beforeAll(async () => {
  emulator = await startEmulator({ app: DEMO_APP, platform: true, auth: { token: 'sekret' } });
  client = new grpc.Client(emulator.address, grpc.credentials.createInsecure());
});
afterAll(async () => {
  client.close();
  await emulator.stop();
});

/** The gRPC status code of an empty request to `path`, with or without the token. */
function statusOf(path: string, token?: string): Promise<number> {
  const md = new grpc.Metadata();
  if (token) md.set('authorization', `Bearer ${token}`);
  return new Promise((resolve) => {
    client.makeUnaryRequest(
      path,
      (b: Buffer) => b,
      (b: Buffer) => b,
      Buffer.alloc(0),
      md,
      (err) => resolve(err ? err.code : grpc.status.OK),
    );
  });
}

const PATHS = [
  '/google.cloud.ces.v1beta.EvaluationService/ListEvaluations',
  '/google.cloud.ces.v1beta.EvaluationService/RunEvaluation',
  '/google.cloud.ces.v1beta.EvaluationService/CreateEvaluation',
  '/google.longrunning.Operations/GetOperation',
  '/google.cloud.ces.v1beta.ToolService/ExecuteTool',
  '/google.cloud.ces.v1beta.AgentService/ListTools',
  '/google.cloud.ces.v1.SessionService/RunSession',
];

describe('emulator --token', () => {
  it.each(PATHS)('%s refuses a call without the token, and with a wrong one', async (path) => {
    expect(await statusOf(path)).toBe(grpc.status.UNAUTHENTICATED);
    expect(await statusOf(path, 'wrong')).toBe(grpc.status.UNAUTHENTICATED);
  });

  it.each(PATHS)('%s reaches its handler with the token', async (path) => {
    const code = await statusOf(path, 'sekret');
    expect([grpc.status.UNAUTHENTICATED, grpc.status.UNIMPLEMENTED]).not.toContain(code);
  });
});
