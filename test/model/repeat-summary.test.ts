// A repeated conversation's figures (src/model/verdict.ts repeatSummaries) count the runs that
// finished with a verdict on the agent: skipped, interrupted and simulator-fault runs are left out,
// as `compare` leaves them out (src/compare/side.ts finishedRuns); the verdict still says interrupted.
import { describe, expect, it } from 'vitest';
import { finishedRuns } from '../../src/compare/side.js';
import type { ConversationResult, Verdict } from '../../src/model/result.js';
import { repeatSummaries } from '../../src/model/verdict.js';

const runOf = (status: Verdict, runIndex: number, fault = false): ConversationResult => ({
  id: `s.yaml#c#${runIndex}`,
  specId: 's.yaml#c',
  name: 'c',
  file: 's.yaml',
  tags: [],
  runIndex,
  repeat: 4,
  modality: 'text',
  status,
  startedAt: '2026-01-01T00:00:00.000Z',
  durationMs: 1,
  attempts: [],
  turns: [],
  assertions: [],
  ...(status === 'interrupted' ? { error: { code: 'INTERRUPTED', message: 'stopped' } } : {}),
  ...(fault ? { error: { code: 'SIMULATOR_FAULT', message: 'off brief' } } : {}),
});

describe('repeat figures', () => {
  it('repeat 4, interrupted after 3 passed runs: 3 of 3 passed, pass^3 1, the verdict interrupted', () => {
    const runs = ['passed', 'passed', 'passed', 'interrupted'].map((s, i) => runOf(s as Verdict, i));
    const [summary] = repeatSummaries(runs);
    expect(summary).toMatchObject({ runs: 3, passed: 3, passRate: 1, passHatK: 1, status: 'interrupted' });
  });

  it('every run interrupted: no run counted', () => {
    const [summary] = repeatSummaries([runOf('interrupted', 0), runOf('interrupted', 1)]);
    expect(summary).toMatchObject({ runs: 0, passed: 0, passRate: null, passHatK: null, status: 'interrupted' });
  });

  it("count the same runs as compare's finishedRuns, for every mix of statuses", () => {
    const statuses: Verdict[] = ['passed', 'failed', 'error', 'skipped', 'interrupted'];
    for (let mask = 0; mask < statuses.length ** 4; mask++) {
      const runs = [0, 1, 2, 3].map((i) => {
        const status = statuses[Math.floor(mask / statuses.length ** i) % statuses.length]!;
        return runOf(status, i, status === 'error' && i === 3);
      });
      const [summary] = repeatSummaries(runs);
      const finished = finishedRuns(runs);
      expect(summary!.runs).toBe(finished.length);
      expect(summary!.passed).toBe(finished.filter((r) => r.status === 'passed').length);
    }
  });
});
