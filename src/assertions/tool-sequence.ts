// toolSequence: the tools called over the conversation (or turn), in order, against an expected list.
import type { JsonValue } from '../model/json.js';
import { render, score } from './format.js';
import { Options } from './options.js';
import { turnsInScope } from './scope.js';
import { isExactSequence, isSubsequence, scoreSequence, type NameTest } from './sequence-metrics.js';
import { nameMatches, toolCallNames } from './tool-names.js';
import type { Check, MatchContext } from './types.js';

const MODES = ['exact', 'inOrder', 'anyOrder'] as const;
type Mode = (typeof MODES)[number];

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

export function toolSequence(options: JsonValue, ctx: MatchContext): Check {
  const o = Options.of('toolSequence', options);
  const tools = o.strings('tools') ?? o.fail('tools', 'a list of tool names');
  const mode = o.oneOf('mode', MODES) ?? 'inOrder';
  const minPrecision = o.number('minPrecision');
  const minRecall = o.number('minRecall');
  const calls = turnsInScope(ctx, 'toolSequence').flatMap((t) => t.toolCalls);
  const same: NameTest = (wanted, i) => nameMatches(toolCallNames(calls[i]!), wanted);
  const { precision, recall } = scoreSequence(tools, calls.length, same);
  const ordered =
    mode === 'exact'
      ? isExactSequence(tools, calls.length, same)
      : mode === 'inOrder'
        ? isSubsequence(tools, calls.length, same)
        : recall === 1;
  const pass = ordered && precision >= (minPrecision ?? 0) && recall >= (minRecall ?? 0);
  const names = calls.map((c) => c.name);
  const expectation = `${MODE_PHRASE[mode]} ${render(tools)}${thresholdPhrase(minPrecision, minRecall)}`;
  const got = `called: ${render(names)} (precision ${score(precision)}, recall ${score(recall)})`;
  return {
    pass,
    message: `expected ${expectation}; ${got}`,
    negatedMessage: `expected not ${expectation}; ${got}`,
    expected: o.values,
    actual: names,
    details: { precision, recall },
  };
}
