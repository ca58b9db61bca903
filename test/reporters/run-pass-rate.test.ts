// The run's pass rate counts the runs that finished with a verdict on the agent, as `compare` and a
// repeated conversation's figures do: interrupted runs are left out, not counted as failures, and a
// run with none counted has no rate (null, `–`), not 0%. In the summary and every report.
import pc from 'picocolors';
import { describe, expect, it } from 'vitest';
import { summarize } from '../../src/model/summary.js';
import type { ConversationResult } from '../../src/model/result.js';
import { githubSummary } from '../../src/reporters/github.js';
import { renderHtml } from '../../src/reporters/html/render.js';
import { renderJunit } from '../../src/reporters/junit.js';
import { runSummaryLines } from '../../src/reporters/list-summary.js';
import { buildRunResult, conversation } from './fixture.js';

const plain = pc.createColors(false);
const run = (i: number, status: ConversationResult['status']) =>
  conversation({
    name: `c${i}`,
    file: 'specs/a.yaml',
    status,
    ...(status === 'skipped' && { skipReason: 'not ready' }),
  });
/** The reviewer's case: one passed, two interrupted, one skipped. */
const cutShort = [run(0, 'passed'), run(1, 'interrupted'), run(2, 'interrupted'), run(3, 'skipped')];
const allSkipped = [run(0, 'skipped'), run(1, 'skipped')];

describe('summarize', () => {
  it('leaves interrupted runs out of the pass rate: 1 of 1 finished, not 1 of 3', () => {
    expect(summarize(cutShort)).toMatchObject({ total: 4, passed: 1, interrupted: 2, skipped: 1, passRate: 1 });
    expect(summarize([...cutShort, run(4, 'failed'), run(5, 'error')]).passRate).toBeCloseTo(1 / 3, 12);
  });

  it('has no pass rate when no run was counted: null, not 0', () => {
    expect(summarize(allSkipped).passRate).toBeNull();
    expect(summarize([run(0, 'interrupted')]).passRate).toBeNull();
    expect(summarize([]).passRate).toBeNull();
  });
});

describe('the pass rate in every report', () => {
  const interrupted = buildRunResult(cutShort, { interrupted: true });
  const skipped = buildRunResult(allSkipped);

  it('console: over the finished runs, and no rate when none was counted', () => {
    expect(runSummaryLines(interrupted, plain).join('\n')).toContain('pass rate 100.0% of 1 finished');
    const none = runSummaryLines(skipped, plain).join('\n');
    expect(none).toContain('2 skipped · pass rate – (no run counted) · ');
    expect(none).not.toContain('0.0%');
  });

  it('HTML: the pass rate card', () => {
    expect(renderHtml(interrupted)).toContain('<div class="card "><b>100.0%</b><span>pass rate of 1 finished</span>');
    expect(renderHtml(skipped)).toContain('<div class="card "><b>–</b><span>pass rate</span></div>');
  });

  it('GitHub: the summary table', () => {
    expect(githubSummary(interrupted)).toMatch(/\| 4 \| 1 \| 0 \| 0 \| 0 \| 1 \| 2 \| 100\.0% \| /);
    expect(githubSummary(skipped)).toMatch(/\| 2 \| 0 \| 0 \| 0 \| 0 \| 2 \| 0 \| – \| /);
  });

  it('JSON: null in results.json; JUnit, which shows no rate, still renders', () => {
    expect(JSON.parse(JSON.stringify(skipped)).summary.passRate).toBeNull();
    expect(renderJunit(skipped)).toContain('<testsuites');
  });
});
