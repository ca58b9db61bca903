// transfer: the agent handed off to `to` (some transfer in scope, or `count` times), or through
// `chain` in that order (other hops allowed between, or none with `mode: exact` / strict).
import type { Transfer } from '../model/turn.js';
import type { MatchStyle, TransferOptions } from '../model/spec.js';
import { countPhrase, countRange, inRange, type CountRange } from './count.js';
import { BadOptionsError } from './errors.js';
import { render } from './format.js';
import { modeForStyle, type MatchMode } from './match-value.js';
import { turnsInScope } from './scope.js';
import { isSubsequence } from './sequence-metrics.js';
import { lastSegment, nameMatches, type NameMatch } from './tool-names.js';
import type { Check, MatchContext } from './types.js';

function transferNames(t: Transfer): Array<string | undefined> {
  return [t.to, t.displayName, lastSegment(t.resource)];
}

/** `transfers: billing_agent, support` or `transfers: none`. */
export function renderTransfers(transfers: readonly Transfer[]): string {
  return `transfers: ${transfers.length ? transfers.map((t) => t.to).join(', ') : 'none'}`;
}

interface TransferSpec {
  to?: string;
  chain?: string[];
  match: NameMatch;
  mode: MatchMode;
  count?: CountRange;
  options: TransferOptions;
}

/**
 * Strict makes `chain` exact (no other hops) unless `mode` says otherwise. The schema asks for
 * exactly one of to and chain; which of count and mode goes with which, only this says.
 */
function parse(options: TransferOptions, style: MatchStyle): TransferSpec {
  const { to, chain } = options;
  if ((to === undefined) === (chain === undefined)) {
    throw new BadOptionsError(`transfer needs exactly one of to, chain; got ${render(options)}`);
  }
  if (chain && options.count !== undefined) throw new BadOptionsError('transfer: count goes with to, not chain');
  if (to !== undefined && options.mode !== undefined)
    throw new BadOptionsError('transfer: mode goes with chain, not to');
  const count = countRange(options.count);
  return {
    to,
    chain,
    match: options.match ?? 'exact',
    mode: options.mode ?? modeForStyle(style),
    ...(count ? { count } : {}),
    options,
  };
}

type SameAgent = (wanted: string, i: number) => boolean;

function chainHolds(spec: TransferSpec, transfers: readonly Transfer[], same: SameAgent): boolean {
  const chain = spec.chain!;
  if (spec.mode === 'subset') return isSubsequence(chain, transfers.length, same);
  return chain.length === transfers.length && chain.every((wanted, i) => same(wanted, i));
}

export function transfer(options: TransferOptions, ctx: MatchContext): Check {
  const spec = parse(options, ctx.match ?? 'lenient');
  const { to, chain, match } = spec;
  const transfers = turnsInScope(ctx, 'transfer').flatMap((t) => t.transfers);
  const same = (wanted: string, i: number): boolean => nameMatches(transferNames(transfers[i]!), wanted, match);
  const target = (name: string): string => (match === 'suffix' ? `an agent ending in ${name}` : name);
  const matching = chain ? 0 : transfers.filter((_, i) => same(to!, i)).length;
  const expectation = chain
    ? `transfer chain ${spec.mode === 'exact' ? 'exactly ' : ''}${render(chain)}`
    : `transfer to ${target(to!)}${countPhrase(spec.count)}`;
  const pass = chain ? chainHolds(spec, transfers, same) : spec.count ? inRange(spec.count, matching) : matching >= 1;
  const got = renderTransfers(transfers);
  return {
    pass,
    message: `expected ${expectation}; ${got}`,
    negatedMessage: `expected ${spec.count ? 'not a' : 'no'} ${expectation}; ${got}`,
    expected: spec.options,
    actual: transfers.map((t) => t.to),
  };
}
