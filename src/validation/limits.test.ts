import { describe, expect, it } from 'vitest';
import { setTimeout as sleep } from 'node:timers/promises';
import { DEFAULT_INPUT_LIMITS, decodeUtf8, inputLimits, withInputLimits } from './limits.js';

describe('withInputLimits', () => {
  it('keeps each scope its limits across awaits, overlapping ones too, then the defaults again', async () => {
    const seen: number[] = [];
    const scoped = (depth: number, wait: number) =>
      withInputLimits({ includeDepth: depth }, async () => {
        await sleep(wait);
        seen.push(inputLimits().includeDepth);
        await sleep(wait);
        seen.push(inputLimits().includeDepth);
      });
    await Promise.all([scoped(3, 5), scoped(7, 1)]);
    expect(seen.sort()).toEqual([3, 3, 7, 7]);
    expect(inputLimits()).toEqual(DEFAULT_INPUT_LIMITS);
    // A synchronous scope, and one that throws, close too.
    expect(withInputLimits({ nestingDepth: 2 }, () => inputLimits().nestingDepth)).toBe(2);
    expect(() =>
      withInputLimits({}, () => {
        throw new Error('boom');
      }),
    ).toThrow('boom');
    expect(await withInputLimits({ nestingDepth: 5 }, async () => inputLimits().nestingDepth)).toBe(5);
    expect(inputLimits()).toEqual(DEFAULT_INPUT_LIMITS);
  });

  it('opens no scope for nothing over the defaults (promise hooks stay off), but does inside another', async () => {
    // An opened scope hands back `work`'s promise wrapped (closed when it settles); none, as is.
    const work = Promise.resolve(1);
    expect(withInputLimits({}, () => work)).toBe(work);
    expect(withInputLimits({ nestingDepth: undefined }, () => work)).toBe(work);
    expect(withInputLimits(undefined, () => inputLimits())).toEqual(DEFAULT_INPUT_LIMITS);
    // Inside a scope, an empty one still means the defaults, as it always has.
    const inner = await withInputLimits({ includeDepth: 3 }, async () => {
      await sleep(1);
      return withInputLimits({}, () => inputLimits().includeDepth);
    });
    expect(inner).toBe(DEFAULT_INPUT_LIMITS.includeDepth);
  });
});

describe('decodeUtf8', () => {
  const at = (bytes: number[] | string) => {
    const decoded = decodeUtf8(typeof bytes === 'string' ? Buffer.from(bytes, 'latin1') : Buffer.from(bytes));
    return 'problem' in decoded ? [decoded.problem.at, decoded.problem.reason] : decoded.text;
  };

  it('is fatal: the first byte that is not UTF-8, by line and column in characters, instead of U+FFFD', () => {
    expect(at('a: 1\nname: caf\xe9 please\n')).toEqual([
      { line: 2, col: 10 },
      'not UTF-8 text: byte 0xE9 is not UTF-8 here (save the file as UTF-8)',
    ]);
    // Characters before it count once however many bytes they take (é, then a 4-byte emoji).
    expect(at([0x78, 0x0a, 0xc3, 0xa9, 0xf0, 0x9f, 0x98, 0x80, 0x80])).toEqual([
      { line: 2, col: 4 },
      'not UTF-8 text: byte 0x80 is not UTF-8 here (save the file as UTF-8)',
    ]);
    // A character cut short by the end of its line, or of the file; a surrogate encoded as UTF-8.
    expect(at([0x61, 0xc3, 0x0a, 0x62])).toEqual([{ line: 1, col: 2 }, expect.stringContaining('byte 0xC3')]);
    expect(at([0x61, 0x62, 0xe2, 0x82])).toEqual([{ line: 1, col: 3 }, expect.stringContaining('byte 0xE2')]);
    expect(at([0x0a, 0x0a, 0xed, 0xa0, 0x80])).toEqual([{ line: 3, col: 1 }, expect.stringContaining('byte 0xED')]);
  });

  it('reads UTF-8 as before, a byte-order mark kept', () => {
    expect(at([0xef, 0xbb, 0xbf, 0x61, 0xc3, 0xa9])).toBe('\ufeffaé');
    expect(at('plain')).toBe('plain');
  });
});
