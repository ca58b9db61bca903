// noTransfer: the agent did not hand off in this turn (or, at conversation level, at all).
import type { JsonValue } from '../model/json.js';
import { BadOptionsError } from './errors.js';
import { render } from './format.js';
import { turnsInScope } from './scope.js';
import { renderTransfers } from './transfer.js';
import type { Check, MatchContext } from './types.js';

export function noTransfer(options: JsonValue, ctx: MatchContext): Check {
  if (options !== true && options !== null) throw new BadOptionsError(`noTransfer takes true; got ${render(options)}`);
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
