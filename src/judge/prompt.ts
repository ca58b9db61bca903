// The judge's versioned prompt and reply schema. Change JUDGE_PROMPT_VERSION with any change of
// meaning: it is part of every cache key, so old verdicts are not reused for a new prompt.
import type { JsonObject } from '../model/json.js';
import type { ChatMessage } from './types.js';
import { readSchema } from '../package-root.js';

export const JUDGE_PROMPT_VERSION = 'judge-v1';

export interface JudgeReply {
  verdict: 'pass' | 'fail' | 'cannot_judge';
  reason: string;
  evidenceTurns: number[];
}

/** schemas/judge-reply.schema.json: precompiled at build, so a valid reply never loads ajv's compiler. */
export const JUDGE_REPLY_SCHEMA = readSchema('judge-reply.schema.json') as JsonObject;

export const JUDGE_SYSTEM = [
  'You grade one criterion against the transcript of a conversation between a user and a virtual agent.',
  'Grade only the criterion you are given: ignore everything else the agent did well or badly.',
  "The agent's words are claims, not facts. Tool responses are evidence of facts: when the criterion is about",
  "facts (a balance, an order status), check the agent's words against the tool responses.",
  'Answer "pass" when the transcript shows the criterion holds, "fail" when it does not, and "cannot_judge"',
  'only when the transcript lacks what is needed to decide. Give a one-sentence reason and the numbers of the',
  'turns that are your evidence. Reply with JSON only: {"verdict", "reason", "evidenceTurns"}.',
].join('\n');

/** `uptoTurn` (1-based) for turn-level expectations: the transcript ends there and the criterion is about it. */
export function judgeMessages(transcript: string, criterion: string, uptoTurn?: number): ChatMessage[] {
  const scope =
    uptoTurn === undefined
      ? 'Scope: the whole conversation.'
      : `Scope: the conversation up to and including turn ${uptoTurn}; grade the criterion at turn ${uptoTurn}.`;
  return [{ role: 'user', text: `Transcript:\n${transcript}\n\n${scope}\n\nCriterion: ${criterion}` }];
}
