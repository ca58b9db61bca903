// The runner's safety net under the settings checks (src/library/run-options.ts): a request whose
// retries leave no attempt (a caller of executeRun that skipped them) makes each conversation an
// `error` saying so, never a `passed` with no evidence.
import { describe, expect, it } from 'vitest';
import type { SpecFile } from '../../src/model/spec.js';
import { demoSessions, runOnDemo } from '../helpers/demo-sessions.js';

const demo = demoSessions();

const files: SpecFile[] = [
  {
    file: 'mem.yaml',
    format: 'native',
    conversations: [
      {
        id: 'mem.yaml#hello',
        name: 'hello',
        file: 'mem.yaml',
        tags: [],
        repeat: 1,
        modality: 'text',
        toolFakes: [],
        turns: [{ input: { kind: 'text', text: 'hello' }, expect: [] }],
        expect: [],
        format: 'native',
      },
    ],
  },
];

describe('a conversation that ran no attempt', () => {
  it.each([-1, NaN])('retries %s: error NO_ATTEMPT, not passed', async (retries) => {
    const { result } = await runOnDemo(demo, files, { retries });
    const [c] = result.conversations;
    expect(c).toMatchObject({ status: 'error', attempts: [], error: { code: 'NO_ATTEMPT' } });
    expect(c!.error!.message).toContain(`retries ${retries}`);
    expect(result.status).toBe('error');
  });
});
