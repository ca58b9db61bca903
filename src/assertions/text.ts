// text: the agent's text in this turn, or all agent text of the conversation joined with a space.
import type { TextOptions } from '../model/spec.js';
import { requireTurn } from './scope.js';
import { checkText } from './text-checks.js';
import type { Check, MatchContext } from './types.js';

function agentText(ctx: MatchContext): string {
  if (ctx.scope === 'turn') return requireTurn(ctx, 'text').text;
  return ctx.turns
    .map((t) => t.text)
    .filter((t) => t !== '')
    .join(' ');
}

/** The loader made a plain string `contains` or, strict in a turn, `equals` (src/model/expectation-options.ts). */
export function text(options: TextOptions, ctx: MatchContext): Check {
  return checkText('text', 'text', options, agentText(ctx));
}
