// The suite's figures as text: what each printer (console, GitHub, HTML) says of a comparison.
import { describe, expect, it } from 'vitest';
import { conversationRun, runOf } from '../helpers/run-result.js';
import { compareRuns } from '../../src/compare/index.js';
import type { ConversationResult } from '../../src/model/result.js';
import { comparisonSummary } from '../../src/reporters/comparison/github.js';
import { comparisonText } from '../../src/reporters/comparison/text.js';
import { suiteSentence } from '../../src/reporters/comparison/figures.js';

/** Four runs of each conversation, the first `passes(conversation)` of them passed. */
function runs(specIds: string[], passes: (index: number) => number, startedAt: string) {
  const conversations: ConversationResult[] = specIds.flatMap((specId, c) =>
    Array.from({ length: 4 }, (_, runIndex) =>
      conversationRun({ specId, runIndex, repeat: 4, status: runIndex < passes(c) ? 'passed' : 'failed' }),
    ),
  );
  return { label: startedAt, result: runOf({ runId: startedAt, startedAt, app: 'apps/x', conversations }) };
}

const compare = (specIds: string[]) =>
  compareRuns(
    runs(specIds, () => 4, '2026-01-01T00:00:00Z'),
    runs(specIds, (c) => 2 + (c % 3), '2026-01-02T00:00:00Z'),
    { settings: { resamples: 100 } },
  );

describe('suiteSentence', () => {
  it('with one conversation prints no interval and no p-value: too few conversations to test', () => {
    const c = compare(['a']);
    expect(suiteSentence(c)).toBe(
      '100.0% → 50.0% (−50.0 pt; too few conversations for an interval); too few conversations to test',
    );
    for (const text of [comparisonText(c), comparisonSummary(c)]) {
      expect(text).toContain('too few conversations to test');
      expect(text).not.toMatch(/p=|CI/);
    }
  });

  it('prints the interval and the test with two conversations or more', () => {
    expect(suiteSentence(compare(['a', 'b', 'c']))).toMatch(/; 95% CI .* bootstrap\); paired t-test p=/);
  });
});
