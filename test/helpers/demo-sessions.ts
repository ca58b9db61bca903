// The real client against the in-process demo emulator, for tests that call the runner's API with
// hand-built specs: started before the file's tests, stopped after them.
import * as path from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../src/emulator/index.js';
import { Sessions } from '../../src/client/sessions.js';
import type { ConversationSpec } from '../../src/model/spec.js';
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

/** A text conversation of `turns` "hello" turns without expectations, in the in-memory file mem.yaml. */
export function helloConversation(name: string, turns = 2): ConversationSpec {
  return {
    id: `mem.yaml#${name}`,
    name,
    file: 'mem.yaml',
    tags: [],
    repeat: 1,
    modality: 'text',
    toolFakes: [],
    turns: Array.from({ length: turns }, () => ({ input: { kind: 'text' as const, text: 'hello' }, expect: [] })),
    expect: [],
    format: 'native',
  };
}
