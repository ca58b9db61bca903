import { describe, expect, it } from 'vitest';
import { ReporterMultiplexer, type Reporter, type RunEndRevision } from '../../src/reporters/index.js';
import type { RunResult } from '../../src/model/result.js';
import { withRunErrors } from '../../src/library/with-run-errors.js';
import { buildRunResult, conversation } from './fixture.js';

describe('ReporterMultiplexer', () => {
  it('passes nothing on once the run has ended (a run cut short is reported from what finished)', async () => {
    const calls: string[] = [];
    const mux = new ReporterMultiplexer([
      {
        name: 'a',
        onConversationEnd: (c) => void calls.push(`end ${c.name}`),
        onRunEnd: () => void calls.push('run end'),
      },
    ]);
    const result = buildRunResult();
    await mux.onRunEnd(result);
    await mux.onConversationEnd(result.conversations[0]!);
    await mux.onRunEnd(result);
    expect(calls).toEqual(['run end']);
  });

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

  it('stays synchronous while its reporters are (no promise per turn), awaits in order once one is not', async () => {
    const calls: string[] = [];
    const sync: Reporter = { name: 'sync', onTurnEnd: (id) => void calls.push(`sync ${id}`) };
    const none: Reporter = { name: 'none' };
    expect(new ReporterMultiplexer([sync, none]).onTurnEnd('c1', {} as never)).toBeUndefined();
    expect(new ReporterMultiplexer([none]).onTurnEnd('c2', {} as never)).toBeUndefined();
    const slow: Reporter = {
      name: 'slow',
      onTurnEnd: async (id) => {
        await new Promise((r) => setTimeout(r, 10));
        calls.push(`slow ${id}`);
      },
    };
    const after: Reporter = { name: 'after', onTurnEnd: (id) => void calls.push(`after ${id}`) };
    const mixed = new ReporterMultiplexer([sync, slow, after]).onTurnEnd('c3', {} as never);
    expect(mixed).toBeInstanceOf(Promise);
    expect(calls).toEqual(['sync c1', 'sync c3']);
    await mixed;
    expect(calls).toEqual(['sync c1', 'sync c3', 'slow c3', 'after c3']);
  });

  it('a reporter failing at the end: a run error of the files (written again) and of later consoles', async () => {
    const got: Record<string, string[]> = { json: [], list: [] };
    const seen = (name: string) => (r: Readonly<RunResult>) =>
      void got[name]!.push(`${r.status} ${r.errors.map((e) => e.message).join(' | ')}`.trim());
    const broken = (name: string): Reporter => ({
      name,
      onRunEnd: () => {
        throw new Error('disk full');
      },
    });
    const revision: RunEndRevision = {
      rewrites: (r) => ['json', 'html'].includes(r.name),
      revise: (result, errors) => withRunErrors(result, errors),
    };
    // The files come first whatever the order; the rest in order (openRunReporters puts list last).
    const mux = new ReporterMultiplexer(
      [
        broken('github'),
        { name: 'json', onRunEnd: seen('json') },
        { name: 'list', onRunEnd: seen('list') },
        broken('html'),
      ],
      revision,
    );
    await mux.onRunEnd(buildRunResult([conversation({ name: 'ok', file: 'specs/a.yaml', status: 'passed' })]));
    expect(got['json']).toEqual([
      'passed',
      'error html.onRunEnd: disk full',
      'error html.onRunEnd: disk full | github.onRunEnd: disk full',
    ]);
    // github failed before list printed: list's status is the exit code's.
    expect(got['list']).toEqual(['error html.onRunEnd: disk full | github.onRunEnd: disk full']);
    expect(mux.reported?.status).toBe('error');
    expect(mux.failures.map((f) => f.reporter)).toEqual(['html', 'github']);
  });
});
