// Settings that contradict each other are errors, not silently meaningless checks: a count whose
// min exceeds its max can never hold, and a passRate on a conversation that runs once is just
// "must pass" (it only means something with repeats: `repeat:` in the file, the config or --repeat).
import type { Count } from '../../model/spec-expectations.generated.js';
import type { ConversationSpec, Expectation, SpecFile } from '../../model/spec.js';
import { SpecError } from '../../validation/index.js';

export function contradictionErrors(files: readonly SpecFile[], runRepeat: number | undefined): SpecError[] {
  const errors: SpecError[] = [];
  for (const c of files.flatMap((f) => f.conversations)) {
    if (c.format === 'native' && c.passRate !== undefined && c.repeat <= 1 && (runRepeat ?? 1) <= 1 && c.loc)
      errors.push(
        new SpecError(
          'BAD_VALUE',
          c.loc,
          'passRate',
          `passRate ${c.passRate} with repeat 1: one run either passes or not, so a pass rate says nothing ` +
            '(set repeat: N on the conversation or in defaults:, run and validate with --repeat N, or drop passRate)',
        ),
      );
    for (const e of expectationsOf(c)) {
      const bad = reversedCount(countOf(e));
      if (bad && e.loc)
        errors.push(
          new SpecError(
            'BAD_VALUE',
            e.loc,
            `${e.matcher}.count`,
            `count min ${bad.min} is greater than max ${bad.max}: no number of calls can satisfy it`,
          ),
        );
    }
  }
  return errors;
}

function expectationsOf(c: ConversationSpec): Expectation[] {
  return [...c.expect, ...c.turns.flatMap((t) => t.expect)];
}

/** The `count` of the matchers that take one. */
function countOf(e: Expectation): Count | undefined {
  switch (e.matcher) {
    case 'toolCall':
    case 'transfer':
    case 'payload':
    case 'citations':
      return e.options.count;
    default:
      return undefined;
  }
}

function reversedCount(count: Count | undefined): { min: number; max: number } | undefined {
  if (count === undefined || typeof count === 'number') return undefined;
  const { min, max } = count;
  return min !== undefined && max !== undefined && min > max ? { min, max } : undefined;
}
