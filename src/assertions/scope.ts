// Which turns a matcher looks at: the checked turn, or every turn of the conversation so far.
import type { TurnResult } from '../model/turn.js';
import { CannotEvaluateError } from './errors.js';
import type { MatchContext, Scope } from './types.js';

/** The checked turn; a turn-scope matcher without one cannot be evaluated. */
export function requireTurn(ctx: MatchContext, matcher: string): TurnResult {
  if (ctx.scope === 'turn' && ctx.turn) return ctx.turn;
  const why = ctx.scope === 'turn' ? 'the turn has no result' : 'it is a conversation-level assertion';
  throw new CannotEvaluateError(`${matcher} needs a turn to check, but ${why}`);
}

/** The turns in `scope` (default: the context's own scope). */
export function turnsInScope(ctx: MatchContext, matcher: string, scope: Scope = ctx.scope): TurnResult[] {
  return scope === 'turn' ? [requireTurn(ctx, matcher)] : ctx.turns;
}
