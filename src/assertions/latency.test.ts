import { describe, expect, it } from 'vitest';
import { check, checkRow, conversationCtx, turn, turnCtx, type Row } from '../../test/assertions/fixtures.js';

const fast = turn({ latency: { totalMs: 800, firstOutputMs: 120 } });
const slow = turn({ latency: { totalMs: 6200, firstOutputMs: 300, firstAudioMs: 900 } });

const rows: Row[] = [
  {
    name: 'within maxMs',
    options: { maxMs: 5000 },
    status: 'passed',
    message: 'expected latency maxMs <= 5000 ms; got maxMs 800 ms',
  },
  {
    name: 'several bounds',
    options: { maxMs: 5000, firstOutputMs: 100 },
    status: 'failed',
    message: 'expected latency maxMs <= 5000 ms and firstOutputMs <= 100 ms; got maxMs 800 ms, firstOutputMs 120 ms',
  },
  {
    name: 'negated',
    options: { maxMs: 5000 },
    negated: true,
    status: 'failed',
    message: 'expected latency not within maxMs <= 5000 ms; got maxMs 800 ms',
  },
  {
    name: 'no audio measured',
    options: { firstAudioMs: 500 },
    status: 'error',
    message:
      'latency.firstAudioMs: no firstAudioMs was measured in this turn ' +
      '(firstOutputMs needs streaming, firstAudioMs audio)',
  },
  {
    name: 'no audio measured, negated stays error',
    options: { firstAudioMs: 500 },
    negated: true,
    status: 'error',
    message: /^latency\.firstAudioMs: no firstAudioMs was measured/,
  },
  {
    name: 'no bound given',
    options: {},
    status: 'error',
    message: 'latency needs one of maxMs, firstOutputMs, firstAudioMs; got {}',
  },
];

describe('latency matcher', () => {
  it.each(rows)('$name', async (row) => {
    await checkRow('latency', row, turnCtx(fast));
  });

  it('at conversation level every turn must satisfy it and the worst is reported', async () => {
    const result = await check('latency', { maxMs: 5000 }, conversationCtx([fast, slow, fast]));
    expect(result.status).toBe('failed');
    expect(result.message).toBe('expected latency maxMs <= 5000 ms; got maxMs 6200 ms (slowest: turn 2)');
    expect(result.details).toEqual({ maxMs: { worstMs: 6200, turn: 1 } });
  });

  it('at conversation level checks only the turns that measured it', async () => {
    const result = await check('latency', { firstAudioMs: 1000 }, conversationCtx([fast, slow]));
    expect(result).toMatchObject({
      status: 'passed',
      message: 'expected latency firstAudioMs <= 1000 ms; got firstAudioMs 900 ms (slowest: turn 2)',
    });
  });

  it('says a measured float in whole ms, unless rounding would hide why it failed', async () => {
    const platform = turn({ latency: { totalMs: 74.04286300000012 } });
    const result = await check('latency', { maxMs: 50 }, turnCtx(platform));
    expect(result.message).toBe('expected latency maxMs <= 50 ms; got maxMs 74 ms');
    expect(result.actual).toEqual({ maxMs: 74.04286300000012 });
    const close = await check('latency', { maxMs: 50 }, turnCtx(turn({ latency: { totalMs: 50.4 } })));
    expect(close).toMatchObject({ status: 'failed', message: 'expected latency maxMs <= 50 ms; got maxMs 50.4 ms' });
  });

  it('at conversation level is an error when no turn measured it', async () => {
    const result = await check('latency', { firstAudioMs: 1000 }, conversationCtx([fast, fast]));
    expect(result.status).toBe('error');
    expect(result.message).toMatch(/no firstAudioMs was measured in any turn/);
  });
});
