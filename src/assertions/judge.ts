// judge: a natural-language expectation, checked by the LLM judge the runner supplies (ctx.judge, a
// deferred check). Without one it is skipped with the reason, never passed.
import type { MatcherOptions } from '../model/spec.js';
import type { MatchContext, MatcherOutcome } from './types.js';

export function judge(options: MatcherOptions['judge'], ctx: MatchContext): MatcherOutcome | Promise<MatcherOutcome> {
  if (ctx.judge) return ctx.judge(options, ctx);
  return { skipped: `needs an LLM judge: ${options.prompt}`, expected: options };
}
