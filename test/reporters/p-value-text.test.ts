// A printed p-value falls on the same side of alpha as the p-value itself, in every printer: a
// significant result never reads "p 0.050" at alpha 0.05, a non-significant one never reads below it.
import { stripVTControlCharacters } from 'node:util';
import { describe, expect, it } from 'vitest';
import { conversationRun, runOf } from '../helpers/run-result.js';
import { compareRuns } from '../../src/compare/index.js';
import { comparisonAnnotations, comparisonSummary } from '../../src/reporters/comparison/github.js';
import { comparisonPanel } from '../../src/reporters/html/comparison.js';
import { comparisonText } from '../../src/reporters/comparison/text.js';
import { pValue } from '../../src/reporters/comparison/figures.js';

describe('pValue', () => {
  it('adds digits until the printed number is on the side of alpha p is on', () => {
    expect(pValue(0.04977, 0.05)).toBe('0.0498');
    expect(pValue(0.0504, 0.05)).toBe('0.050');
    expect(pValue(0.0153, 0.0152)).toBe('0.0153');
    expect(pValue(0.0151, 0.0152)).toBe('0.015');
    expect(pValue(0.049999999999999, 0.05)).toBe('<0.05');
  });

  it('keeps three decimals away from alpha, and <0.001 below it', () => {
    expect(pValue(0.423, 0.05)).toBe('0.423');
    expect(pValue(1, 0.05)).toBe('1.000');
    expect(pValue(0.0002, 0.05)).toBe('<0.001');
    expect(pValue(null, 0.05)).toBe('–');
  });

  it('with an alpha below 0.001, says more than "<0.001" of a p-value near it', () => {
    expect(pValue(0.0006, 0.0005)).toBe('0.00060');
    expect(pValue(0.0004, 0.0005)).toBe('0.00040');
  });
});

describe('a significant p-value just under alpha (base 6/9, head 1/9: Fisher p = 0.04977)', () => {
  const side = (passes: number, startedAt: string) => ({
    label: startedAt,
    result: runOf({
      runId: startedAt,
      startedAt,
      app: 'apps/x',
      conversations: Array.from({ length: 9 }, (_, i) =>
        conversationRun({ specId: 'pin', runIndex: i, repeat: 9, status: i < passes ? 'passed' : 'failed' }),
      ),
    }),
  });
  const c = compareRuns(side(6, '2026-01-01T00:00:00Z'), side(1, '2026-01-02T00:00:00Z'), {
    settings: { resamples: 1000 },
  });

  it('is regressed and reads 0.0498, not 0.050, in the console, GitHub and HTML', () => {
    const row = c.conversations[0];
    expect(row?.adjustedPValue).toBeCloseTo(0.04977, 5);
    expect(row?.verdict).toBe('regressed');
    const text = stripVTControlCharacters(comparisonText(c));
    expect(text).toMatch(/\n {2}regressed +pin .* −55\.6 pt +0\.0498 +pass\^9/);
    expect(comparisonSummary(c)).toContain('| −55.6 pt | 0.0498 |');
    expect(comparisonAnnotations(c).join('\n')).toContain('Holm-adjusted p=0.0498 < 0.05');
    const panel = comparisonPanel({
      ...runOf({ runId: 'h', startedAt: 'x', app: 'apps/x', conversations: [] }),
      comparison: c,
    });
    expect(panel).toContain('<td>−55.6 pt</td><td>0.0498</td>');
    for (const printed of [text, comparisonSummary(c), panel]) expect(printed).not.toContain('0.050');
  });
});
