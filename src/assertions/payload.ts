// payload: some custom payload in scope matches the expected subset (operators allowed).
import type { JsonValue } from '../model/json.js';
import { render, truncate } from './format.js';
import { matchValue } from './match-value.js';
import { Options } from './options.js';
import { turnsInScope } from './scope.js';
import type { Check, MatchContext } from './types.js';

export function payload(options: JsonValue, ctx: MatchContext): Check {
  const expected = Options.of('payload', options).values;
  const payloads = turnsInScope(ctx, 'payload').flatMap((t) => t.payloads);
  const results = payloads.map((p) => matchValue(expected, p, 'subset'));
  const got = `payloads: ${payloads.length ? truncate(payloads.map((p) => render(p)).join(', ')) : 'none'}`;
  const mismatches = results.flatMap((r, i) => r.mismatches.map((m) => `payload ${i}: ${m}`));
  return {
    pass: results.some((r) => r.ok),
    message: `expected a payload matching ${render(expected)}; ${got}`,
    negatedMessage: `expected no payload matching ${render(expected)}; ${got}`,
    expected, actual: payloads,
    ...(mismatches.length ? { details: { mismatches } } : {}),
  };
}
