// judge: a natural-language expectation, checked by the LLM judge the runner supplies (ctx.judge, a
// deferred check). Without one it is skipped with the reason, never passed.
import type { JsonValue } from '../model/json.js';
import { Options } from './options.js';
import type { MatchContext, MatcherOutcome } from './types.js';

function promptOf(options: JsonValue): string {
  if (typeof options === 'string') return options;
  const o = Options.of('judge', options);
  return o.string('prompt') ?? o.fail('prompt', 'a string');
}

export function judge(options: JsonValue, ctx: MatchContext): MatcherOutcome | Promise<MatcherOutcome> {
  if (ctx.judge) return ctx.judge(options, ctx);
  return { skipped: `needs an LLM judge: ${promptOf(options)}`, expected: options };
}
