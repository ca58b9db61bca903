// toolSequence: the tools called over the conversation (or turn), in order, against an expected list.
import type { ToolSequenceMatcher } from '../model/spec-expectations.generated.js';
import { render, score } from './format.js';
import { turnsInScope } from './scope.js';
import { isExactSequence, isSubsequence, scoreSequence, type NameTest } from './sequence-metrics.js';
import { nameMatches, toolCallNames } from './tool-names.js';
import type { Check, MatchContext } from './types.js';

type Mode = NonNullable<ToolSequenceMatcher['mode']>;

const MODE_PHRASE: Record<Mode, string> = {
  exact: 'exactly the tools',
  inOrder: 'tools in order',
  anyOrder: 'tools in any order',
};

function thresholdPhrase(minPrecision: number | undefined, minRecall: number | undefined): string {
  const parts = [
    ...(minPrecision === undefined ? [] : [`precision >= ${score(minPrecision)}`]),
    ...(minRecall === undefined ? [] : [`recall >= ${score(minRecall)}`]),
  ];
  return parts.length ? ` with ${parts.join(' and ')}` : '';
}

export function toolSequence(options: ToolSequenceMatcher, ctx: MatchContext): Check {
  const { tools, minPrecision, minRecall } = options;
  const mode = options.mode ?? 'inOrder';
  const calls = turnsInScope(ctx, 'toolSequence').flatMap((t) => t.toolCalls);
  const same: NameTest = (wanted, i) => nameMatches(toolCallNames(calls[i]!), wanted);
  const { precision, recall } = scoreSequence(tools, calls.length, same);
  // exact and inOrder need every tool (the loader refuses a minRecall below 1 there, which could not
  // relax them); anyOrder needs minRecall of them, every one unless minRecall says otherwise. exact
  // also allows no other call, so its precision is 1 (the loader refuses a minPrecision below 1 there).
  const ordered =
    mode === 'exact'
      ? isExactSequence(tools, calls.length, same)
      : mode === 'inOrder'
        ? isSubsequence(tools, calls.length, same)
        : recall >= (minRecall ?? 1);
  const pass = ordered && precision >= (minPrecision ?? 0) && recall >= (minRecall ?? 0);
  const names = calls.map((c) => c.name);
  const expectation = `${MODE_PHRASE[mode]} ${render(tools)}${thresholdPhrase(minPrecision, minRecall)}`;
  const got = `called: ${render(names)} (precision ${score(precision)}, recall ${score(recall)})`;
  return {
    pass,
    message: `expected ${expectation}; ${got}`,
    negatedMessage: `expected not ${expectation}; ${got}`,
    expected: options,
    actual: names,
    details: { precision, recall },
  };
}
