// The real client against the in-process demo emulator, for tests that call the runner's API with
// hand-built specs: started before the file's tests, stopped after them.
import * as path from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../src/emulator/index.js';
import { Sessions } from '../../src/client/sessions.js';
import type { ConversationSpec, SpecFile, TurnSpec } from '../../src/model/spec.js';
import { executeRun } from '../../src/runner/run/index.js';
import { ROOT } from './cli.js';

export interface DemoSessions {
  readonly emulator: RunningEmulator;
  readonly sessions: Sessions;
}

/** Registers the file's beforeAll/afterAll; read the fields inside tests (they are set by then). */
export function demoSessions(): DemoSessions {
  const demo = {} as { emulator: RunningEmulator; sessions: Sessions };
  beforeAll(async () => {
    demo.emulator = await startEmulator({ app: path.join(ROOT, 'specs/demo/app.yaml') });
    demo.sessions = new Sessions({ appName: demo.emulator.appName, endpoint: demo.emulator.address, insecure: true });
  });
  afterAll(async () => {
    demo.sessions?.close();
    await demo.emulator?.stop();
  });
  return demo;
}

/** A conversation of the in-memory file mem.yaml, as the loader would make it. */
export function memConversation(
  name: string,
  turns: TurnSpec[],
  extra: Partial<ConversationSpec> = {},
): ConversationSpec {
  return {
    id: `mem.yaml#${name}`,
    name,
    file: 'mem.yaml',
    tags: [],
    repeat: 1,
    modality: 'text',
    toolFakes: [],
    turns,
    expect: [],
    format: 'native',
    ...extra,
  };
}

/** A text conversation of `turns` "hello" turns without expectations, in mem.yaml. */
export function helloConversation(name: string, turns = 2): ConversationSpec {
  return memConversation(
    name,
    Array.from({ length: turns }, () => ({ input: { kind: 'text' as const, text: 'hello' }, expect: [] })),
  );
}

/** executeRun against the demo: one conversation at a time, no retry, 10 s timeout, unless `options` say otherwise. */
export function runOnDemo(
  demo: DemoSessions,
  files: SpecFile[],
  options: Partial<Parameters<typeof executeRun>[0]> = {},
): ReturnType<typeof executeRun> {
  return executeRun({
    files,
    sessions: demo.sessions,
    target: { emulator: true, apiVersion: 'v1' },
    cwd: ROOT,
    concurrency: 1,
    retries: 0,
    timeoutMs: 10_000,
    ...options,
  });
}
