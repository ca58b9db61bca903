// Expectations from what happened: one turn's result (TurnResult) → the expectations that hold for
// it, written so that a `match: strict` spec fails on any change and a lenient one on a change
// that matters. Shared by `chat --record` / `/save` and `import conversations` (README "Recording
// from chat", "Importing real conversations").
import type { JsonObject } from '../../model/json.js';
import type { Expectation, MatcherName } from '../../model/spec.js';
import type { TurnResult } from '../../model/turn.js';

const expectation = (matcher: MatcherName, options: Expectation['options']): Expectation => ({
  matcher,
  options,
  negated: false,
});

/**
 * In the order a reader follows a turn: tool calls (with their arguments), transfers, payloads,
 * updated variables, the agent's text, the end of the session. Strict counts each tool call, payload
 * and transfer against this list, so each is listed as often as it happened.
 */
export function expectationsOf(turn: TurnResult): Expectation[] {
  return [
    ...turn.toolCalls.map((call) => expectation('toolCall', { name: call.name, args: call.args })),
    ...transfers(turn),
    // The {value} form whatever the payload holds: a payload with its own `value` key reads the same.
    ...turn.payloads.map((payload) => expectation('payload', { value: payload })),
    ...(Object.keys(turn.updatedVariables).length ? [expectation('variables', { values: turn.updatedVariables })] : []),
    ...(turn.text !== '' ? [expectation('text', turn.text)] : []),
    ...(turn.sessionEnded ? [expectation('sessionEnded', sessionEnd(turn.endSessionMetadata))] : []),
  ];
}

/** One expectation per target agent, with a count when the same hand-off happened more than once. */
function transfers(turn: TurnResult): Expectation[] {
  const counts = new Map<string, number>();
  for (const t of turn.transfers) counts.set(t.to, (counts.get(t.to) ?? 0) + 1);
  return [...counts].map(([to, count]) => expectation('transfer', count === 1 ? to : { to, count }));
}

function sessionEnd(metadata: JsonObject | undefined): Expectation['options'] {
  return metadata && Object.keys(metadata).length ? { metadata } : true;
}
