// transfer: the agent handed off to `to` (any transfer in scope), or through `chain` in that order.
import type { JsonValue } from '../model/json.js';
import type { Transfer } from '../model/turn.js';
import { BadOptionsError } from './errors.js';
import { render } from './format.js';
import { Options } from './options.js';
import { turnsInScope } from './scope.js';
import { isSubsequence } from './sequence-metrics.js';
import { lastSegment, NAME_MATCHES, nameMatches, type NameMatch } from './tool-names.js';
import type { Check, MatchContext } from './types.js';

export function transferNames(t: Transfer): Array<string | undefined> {
  return [t.to, t.displayName, lastSegment(t.resource)];
}

/** `transfers: billing_agent, support` or `transfers: none`. */
export function renderTransfers(transfers: readonly Transfer[]): string {
  return `transfers: ${transfers.length ? transfers.map((t) => t.to).join(', ') : 'none'}`;
}

function parse(options: JsonValue): { to?: string; chain?: string[]; match: NameMatch; o: Options } {
  const o = typeof options === 'string' ? new Options('transfer', { to: options }) : Options.of('transfer', options);
  const to = o.string('to');
  const chain = o.strings('chain');
  if ((to === undefined) === (chain === undefined)) throw new BadOptionsError(`transfer needs exactly one of to, chain; got ${render(o.values)}`);
  return { to, chain, match: o.oneOf('match', NAME_MATCHES) ?? 'exact', o };
}

export function transfer(options: JsonValue, ctx: MatchContext): Check {
  const { to, chain, match, o } = parse(options);
  const transfers = turnsInScope(ctx, 'transfer').flatMap((t) => t.transfers);
  const same = (wanted: string, i: number): boolean => nameMatches(transferNames(transfers[i]!), wanted, match);
  const target = (name: string): string => (match === 'suffix' ? `an agent ending in ${name}` : name);
  const expectation = chain ? `transfer chain ${render(chain)}` : `transfer to ${target(to!)}`;
  const pass = chain ? isSubsequence(chain, transfers.length, same) : transfers.some((_, i) => same(to!, i));
  const got = renderTransfers(transfers);
  return {
    pass,
    message: `expected ${expectation}; ${got}`,
    negatedMessage: `expected no ${expectation}; ${got}`,
    expected: o.values,
    actual: transfers.map((t) => t.to),
  };
}
