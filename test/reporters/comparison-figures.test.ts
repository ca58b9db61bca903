// The suite's figures as text: what each printer (console, GitHub, HTML) says of a comparison.
import { stripVTControlCharacters } from 'node:util';
import { describe, expect, it } from 'vitest';
import { conversationRun, runOf } from '../helpers/run-result.js';
import { compareRuns } from '../../src/compare/index.js';
import type { ConversationResult } from '../../src/model/result.js';
import { comparisonSummary } from '../../src/reporters/comparison/github.js';
import { comparisonPanel } from '../../src/reporters/html/comparison.js';
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

const compare = (specIds: string[], headPasses: (index: number) => number = (c) => 2 + (c % 3)) =>
  compareRuns(
    runs(specIds, () => 4, '2026-01-01T00:00:00Z'),
    runs(specIds, headPasses, '2026-01-02T00:00:00Z'),
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

  it('when every conversation changed alike: no interval, an exact test, no certainty', () => {
    const c = compare(['a', 'b'], () => 3);
    expect(suiteSentence(c)).toBe(
      '100.0% → 75.0% (−25.0 pt; no interval: every conversation changed by the same amount); ' +
        'exact permutation test p=0.500',
    );
    expect(c.suite.verdict).toBe('inconclusive');
    expect(comparisonText(c)).not.toMatch(/could detect a change of 0\.0 pt|p=0\.000|<0\.001/);
  });

  it('when nothing changed: no interval, and it says so', () => {
    const c = compare(['a', 'b'], () => 4);
    expect(suiteSentence(c)).toBe(
      "100.0% → 100.0% (+0.0 pt; no interval: no conversation's pass rate changed); exact permutation test p=1.000",
    );
  });

  it('prints the interval and the test with two conversations or more', () => {
    expect(suiteSentence(compare(['a', 'b', 'c']))).toMatch(/; 95% CI .* bootstrap\); exact permutation test p=/);
  });

  it('names the draws when the permutation law was too large to compute exactly', () => {
    // Run counts whose least common multiple (11·13·17·19·23) is beyond the exact law's array.
    const side = (startedAt: string, failures: number) => {
      const conversations = [11, 13, 17, 19, 23].flatMap((repeat, c) =>
        Array.from({ length: repeat }, (_, runIndex) =>
          conversationRun({ specId: `c${c}`, runIndex, repeat, status: runIndex < failures ? 'failed' : 'passed' }),
        ),
      );
      return { label: startedAt, result: runOf({ runId: startedAt, startedAt, app: 'apps/x', conversations }) };
    };
    const c = compareRuns(side('2026-01-01T00:00:00Z', 1), side('2026-01-02T00:00:00Z', 2), {
      settings: { resamples: 100 },
    });
    expect(c.suite.test).toBe('permutation-monte-carlo');
    expect(suiteSentence(c)).toMatch(/; permutation test \(100 draws\) p=/);
  });
});

describe('conversation counts', () => {
  /** Two compared conversations, one skipped on both sides, one skipped in the head only. */
  function withNotRun() {
    const side = (startedAt: string, headSide: boolean) => {
      const conversations = [
        conversationRun({ specId: 'a', runIndex: 0, repeat: 1, status: 'passed' }),
        conversationRun({ specId: 'b', runIndex: 0, repeat: 1, status: 'failed' }),
        conversationRun({ specId: 'skipped', runIndex: 0, repeat: 1, status: 'skipped' }),
        conversationRun({ specId: 'dropped', runIndex: 0, repeat: 1, status: headSide ? 'skipped' : 'passed' }),
      ];
      return { label: startedAt, result: runOf({ runId: startedAt, startedAt, app: 'apps/x', conversations }) };
    };
    return compareRuns(side('2026-01-01T00:00:00Z', false), side('2026-01-02T00:00:00Z', true), {
      settings: { resamples: 100 },
    });
  }

  it('a conversation not run on a side is "not run" in every printer, and the verdicts add up to the header', () => {
    const c = withNotRun();
    expect(c.suite.conversations).toBe(2);
    // In JSON too: its verdict is `not-run` with the reason, and it has no statistics.
    expect(c.conversations.find((r) => r.specId === 'dropped')).toMatchObject({
      verdict: 'not-run',
      notComparedReason: 'no finished run in head (skipped, interrupted or a simulator fault)',
      difference: null,
      pValue: null,
      runsToDetect: null,
    });
    expect(c.conversations.find((r) => r.specId === 'skipped')?.notComparedReason).toContain('in base or head');
    // Colours are on when the test runs where colour is (CI, a terminal): the layout is the subject here.
    const text = stripVTControlCharacters(comparisonText(c, { all: true }));
    expect(text).toContain(': 2 conversations in both\n');
    expect(text).toContain(
      '  conversations: 0 regressed, 0 improved, 2 inconclusive, 0 unchanged, ' +
        '2 not run (no finished run in base or head)\n',
    );
    expect(text).toMatch(/\n {2}not run +dropped +1\/1 100\.0% .* not run /);
    expect(text).toMatch(/\n {2}not run +skipped +not run +not run /);
    const summary = comparisonSummary(c);
    expect(summary).toContain(
      'Conversations: 0 regressed, 0 improved, 2 inconclusive, 0 unchanged, ' +
        '2 not run (no finished run in base or head);',
    );
    // The table lists the flipped one (passed → not-run), as "not run".
    expect(summary).toContain('| not run | dropped | 1/1 100.0%');
    const panel = comparisonPanel({
      ...runOf({ runId: 'h', startedAt: 'x', app: 'apps/x', conversations: [] }),
      comparison: c,
    });
    expect(panel).toContain('0 unchanged, 2 not run (no finished run in base or head);');
    expect(panel).toContain('<tr class="cmp-not-run"><td>not run</td><td>dropped</td>');
  });

  it('every printer names the conversations of one run only', () => {
    const c = compareRuns(
      runs(['a', 'b', 'gone'], () => 4, '2026-01-01T00:00:00Z'),
      runs(['a', 'b', ...'cdefgh'], () => 4, '2026-01-02T00:00:00Z'),
      { settings: { resamples: 100 } },
    );
    const [base, head] = ['only in base: 1 (gone)', 'only in head: 6 (c, d, e, f, g, …)'];
    const text = stripVTControlCharacters(comparisonText(c));
    expect(text).toContain(`\n  ${base}\n  ${head}\n`);
    const summary = comparisonSummary(c);
    expect(summary).toContain('\nOnly in base: 1 (gone)\n\nOnly in head: 6 (c, d, e, f, g, …)\n');
    const panel = comparisonPanel({
      ...runOf({ runId: 'h', startedAt: 'x', app: 'apps/x', conversations: [] }),
      comparison: c,
    });
    expect(panel).toContain(`<p>${base}</p><p>${head}</p>`);
  });

  it('without such conversations the count line is as before', () => {
    expect(comparisonText(compare(['a', 'b']))).toMatch(/conversations: \d+ regressed, .* \d+ unchanged( \(|\n)/);
    expect(comparisonText(compare(['a', 'b']))).not.toContain('not run');
  });
});
