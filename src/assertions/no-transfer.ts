// noTransfer: the agent did not hand off in this turn (or, at conversation level, at all).
import { turnsInScope } from './scope.js';
import { renderTransfers } from './transfer.js';
import type { Check, MatchContext } from './types.js';

/** Its options are `true` (the schema allows nothing else): there is nothing to read. */
export function noTransfer(_options: true, ctx: MatchContext): Check {
  const transfers = turnsInScope(ctx, 'noTransfer').flatMap((t) => t.transfers);
  const got = renderTransfers(transfers);
  return {
    pass: transfers.length === 0,
    message: `expected no transfer; ${got}`,
    negatedMessage: `expected a transfer; ${got}`,
    expected: true,
    actual: transfers.map((t) => t.to),
  };
}
