// The simulated user's versioned prompt and reply schema. Change USER_PROMPT_VERSION with any change
// of meaning: it is part of every cache key. The user model only says what the caller says next;
// it never grades goals (the judge does, afterwards) and never decides when the conversation must stop.
import type { ChatMessage } from '../../../judge/index.js';
import type { JsonObject } from '../../../model/json.js';
import type { SimulationSpec } from '../../../model/spec.js';

export const USER_PROMPT_VERSION = 'user-v1';

export interface UserReply {
  action: 'say' | 'dtmf' | 'event' | 'end';
  text: string;
  /** 1-based number of the goal the user is pursuing with this reply. */
  activeGoal: number;
}

export const USER_REPLY_SCHEMA: JsonObject = {
  $id: 'https://cxas-eval.dev/schemas/user-reply.schema.json',
  type: 'object',
  additionalProperties: false,
  required: ['action', 'text', 'activeGoal'],
  properties: {
    action: { type: 'string', enum: ['say', 'dtmf', 'event', 'end'] },
    text: { type: 'string' },
    activeGoal: { type: 'integer', minimum: 1 },
  },
};

export function userSystemPrompt(sim: SimulationSpec): string {
  const goals = sim.goals.map((g, i) => {
    const guide = g.responseGuide ? ` (how to answer: ${g.responseGuide})` : '';
    return `${i + 1}. ${g.goal}${guide}`;
  });
  return [
    'You play a caller talking to a virtual customer-service agent. Stay in character; never act as the agent.',
    ...(sim.persona ? [`Who you are: ${sim.persona}`] : []),
    ...(sim.responseGuide ? [`How you answer: ${sim.responseGuide}`] : []),
    'Your goals, pursued in order:',
    ...goals,
    'Each reply is your next move: {"action": "say", "text": what you say} (one or two short sentences),',
    '{"action": "dtmf", "text": keypad digits 0-9 * #}, {"action": "event", "text": an event name}, or',
    '{"action": "end", "text": ""} once every goal is done or clearly cannot be done.',
    '"activeGoal" is the number of the goal your reply pursues. Do not judge whether the agent succeeded.',
    'Reply with JSON only: {"action", "text", "activeGoal"}.',
  ].join('\n');
}

/**
 * The conversation so far from the user model's side: what the agent said comes as `user`
 * messages, the model's own earlier replies as `model` messages (as the JSON it gave).
 */
export function userMessages(
  opening: string,
  exchanges: ReadonlyArray<{ said: string; agent: string }>,
): ChatMessage[] {
  const messages: ChatMessage[] = [{ role: 'user', text: opening }];
  for (const e of exchanges) {
    messages.push({ role: 'model', text: e.said }, { role: 'user', text: `Agent: ${e.agent}` });
  }
  return messages;
}
