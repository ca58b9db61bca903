// A step of the conversation pipeline that runs after the turns (see README.md): it may add
// assertions or a golden comparison to the result before the verdict is final.
import type { ConversationResult } from '../../model/result.js';
import type { ConversationPlan } from './conversation.js';

export interface ConversationStep {
  readonly name: string;
  apply(result: ConversationResult, plan: ConversationPlan): Promise<void>;
}
