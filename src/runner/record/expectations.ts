// Expectations from what happened: one turn's result (TurnResult) → the expectations that hold for
// it, written so that a `match: strict` spec fails on any change and a lenient one on a change
// that matters. Shared by `chat --record` / `/save` and `import conversations` (README "Recording
// from chat", "Importing real conversations").
import type { JsonObject } from '../../model/json.js';
import type { SessionEndedMatcher } from '../../model/spec-expectations.generated.js';
import type { Expectation, MatchStyle } from '../../model/spec.js';
import type { TurnResult } from '../../model/turn.js';
import { expectationOf } from '../../model/expectation-options.js';

/**
 * In the order a reader follows a turn: tool calls (with their arguments), transfers, payloads,
 * updated variables, the agent's text, the end of the session. Strict counts each tool call, payload
 * and transfer against this list, so each is listed as often as it happened. `match` is the style the
 * recording is written with: under strict the agent's text is its whole reply.
 */
export function expectationsOf(turn: TurnResult, match: MatchStyle = 'lenient'): Expectation[] {
  const reading = { match, scope: 'turn' } as const;
  return [
    ...turn.toolCalls.map((call) => expectationOf('toolCall', { name: call.name, args: call.args }, reading)),
    ...transfers(turn),
    // The {value} form whatever the payload holds: a payload with its own `value` key reads the same.
    ...turn.payloads.map((payload) => expectationOf('payload', { value: payload }, reading)),
    ...(Object.keys(turn.updatedVariables).length
      ? [expectationOf('variables', { values: turn.updatedVariables }, reading)]
      : []),
    ...(turn.text !== '' ? [expectationOf('text', turn.text, reading)] : []),
    ...(turn.sessionEnded ? [expectationOf('sessionEnded', sessionEnd(turn.endSessionMetadata), reading)] : []),
  ];
}

/** One expectation per target agent, with a count when the same hand-off happened more than once. */
function transfers(turn: TurnResult): Expectation[] {
  const counts = new Map<string, number>();
  for (const t of turn.transfers) counts.set(t.to, (counts.get(t.to) ?? 0) + 1);
  return [...counts].map(([to, count]) => ({
    matcher: 'transfer',
    options: count === 1 ? { to } : { to, count },
    negated: false,
  }));
}

function sessionEnd(metadata: JsonObject | undefined): SessionEndedMatcher {
  return metadata && Object.keys(metadata).length ? { metadata } : true;
}
