// A `toolResponses` turn answers client tool calls by hand (README "Specs"): the turn before it ends
// with the calls no tool fake answers left pending, and this turn sends their answers, each given
// the id of the call it answers (the agent matches an answer to its call by id).
import type { TurnSpec } from '../../model/spec.js';
import type { ToolCall, TurnResult } from '../../model/turn.js';

/** One answer of a `toolResponses` turn as written: its `id` is optional. */
export type ToolAnswerSpec = Extract<TurnSpec['input'], { kind: 'toolResponses' }>['responses'][number];

/** The answers of `turn` when it is a `toolResponses` turn; undefined otherwise (or no turn). */
export function toolAnswersOf(turn: TurnSpec | undefined): readonly ToolAnswerSpec[] | undefined {
  return turn?.input.kind === 'toolResponses' ? turn.input.responses : undefined;
}

/**
 * The call each answer answers, by index of `answers` (undefined: none of `calls`): the call with
 * its `id` when it gives one, else the first call not yet paired whose name, display name or resource
 * is its `tool`. One answer per call.
 */
export function pairAnswers(
  calls: readonly ToolCall[],
  answers: readonly ToolAnswerSpec[],
): Array<ToolCall | undefined> {
  const free = new Set(calls);
  return answers.map((answer) => {
    const call = [...free].find((c) => (answer.id !== undefined ? c.id === answer.id : namedBy(c, answer.tool)));
    if (call) free.delete(call);
    return call;
  });
}

const namedBy = (call: ToolCall, tool: string): boolean =>
  call.name === tool || call.displayName === tool || call.resource === tool;

/**
 * The client calls a recorded turn left pending (`rescore`): those whose ids none of its own tool
 * answers carried, which the next turn's `toolResponses` then answered.
 */
export function leftPendingBy(turn: TurnResult | undefined): ToolCall[] {
  if (!turn) return [];
  const answered = new Set<string>();
  for (const input of turn.inputs) {
    if (input.kind === 'toolResponses') for (const r of input.responses) answered.add(r.id);
  }
  return turn.toolCalls.filter((c) => c.origin === 'client' && !answered.has(c.id));
}
