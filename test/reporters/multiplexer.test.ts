import { describe, expect, it } from 'vitest';
import { ReporterMultiplexer, type Reporter } from '../../src/reporters/index.js';
import { buildRunResult } from './fixture.js';

describe('ReporterMultiplexer', () => {
  it('calls hooks in order and isolates a reporter that throws', async () => {
    const calls: string[] = [];
    const recorder = (name: string): Reporter => ({
      name,
      onRunStart: () => void calls.push(`${name}.onRunStart`),
      onConversationEnd: async (c) => {
        await Promise.resolve();
        calls.push(`${name}.onConversationEnd ${c.name}`);
      },
      onRunEnd: () => void calls.push(`${name}.onRunEnd`),
    });
    const broken: Reporter = {
      name: 'broken',
      onRunStart: () => {
        throw new Error('disk full');
      },
      onRunEnd: async () => {
        throw new Error('cannot write');
      },
    };
    const mux = new ReporterMultiplexer([recorder('a'), broken, recorder('b')]);
    const result = buildRunResult();
    await mux.onRunStart({ runId: 'r', startedAt: result.startedAt, target: result.target, total: 1 });
    await mux.onConversationStart({ id: 'x', specId: 'x', name: 'x', file: 'f', runIndex: 0 });
    await mux.onConversationEnd(result.conversations[0]!);
    await mux.onRunEnd(result);
    expect(calls).toEqual([
      'a.onRunStart',
      'b.onRunStart',
      'a.onConversationEnd balance lookup',
      'b.onConversationEnd balance lookup',
      'a.onRunEnd',
      'b.onRunEnd',
    ]);
    expect(mux.failures).toEqual([
      { reporter: 'broken', hook: 'onRunStart', error: 'disk full' },
      { reporter: 'broken', hook: 'onRunEnd', error: 'cannot write' },
    ]);
  });
});
