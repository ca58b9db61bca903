// text: the agent's text in this turn, or all agent text of the conversation joined with a space.
import type { JsonValue } from '../model/json.js';
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

export function text(options: JsonValue, ctx: MatchContext): Check {
  // Strict: a plain string is the turn's whole text (a changed sentence fails), not a substring.
  // A conversation's text is every reply joined, never one sentence: there it stays contains.
  const shorthand = ctx.match === 'strict' && ctx.scope === 'turn' ? 'equals' : 'contains';
  return checkText('text', 'text', options, agentText(ctx), shorthand);
}
