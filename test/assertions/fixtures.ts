// Hand-built TurnResults and a one-call runner for the table-driven matcher tests.
import { expect } from 'vitest';
import { runAssertions, type MatchContext } from '../../src/assertions/index.js';
import type { JsonObject, JsonValue } from '../../src/model/json.js';
import type { AssertionResult } from '../../src/model/result.js';
import { expectationOf, type WrittenOptions } from '../../src/model/expectation-options.js';
import type { Expectation, MatcherName } from '../../src/model/spec.js';
import {
  emptyTurnResult,
  type ToolCall,
  type ToolResponse,
  type Transfer,
  type TurnResult,
} from '../../src/model/turn.js';

let nextId = 0;

export function turn(fields: Partial<TurnResult> = {}): TurnResult {
  return { ...emptyTurnResult(1), ...fields };
}

export function call(name: string, args: JsonObject = {}, extra: Partial<ToolCall> = {}): ToolCall {
  nextId += 1;
  return { id: `call-${nextId}`, name, args, origin: 'server', ...extra };
}

export function responseTo(c: ToolCall, response: JsonObject): ToolResponse {
  return { id: c.id, name: c.name, response };
}

export function transferTo(to: string, extra: Partial<Transfer> = {}): Transfer {
  return { to, resource: `projects/p/locations/us/apps/a/agents/${to}`, ...extra };
}

export function turnCtx(t: TurnResult | undefined, turnIndex = 0, extra: Partial<MatchContext> = {}): MatchContext {
  return { scope: 'turn', turnIndex, turn: t, turns: t ? [t] : [], ...extra };
}

export function conversationCtx(turns: TurnResult[], extra: Partial<MatchContext> = {}): MatchContext {
  return { scope: 'conversation', turns, ...extra };
}

/**
 * An expectation as the loader makes it of `options` written in a spec (shorthands normalized, read
 * with the context's match style and scope). The rows are hand-written as the schema allows them.
 */
export function expectation(
  matcher: MatcherName,
  options: JsonValue,
  negated = false,
  ctx?: MatchContext,
): Expectation {
  const reading = { match: ctx?.match ?? 'lenient', scope: ctx?.scope ?? 'turn' } as const;
  const written = options as WrittenOptions[MatcherName];
  return { ...expectationOf(matcher, written, reading, negated), loc: { file: 'specs/x.yaml', line: 3, col: 7 } };
}

/** Runs one expectation through runAssertions, so negation and error handling are exercised too. */
export async function check(
  matcher: MatcherName,
  options: JsonValue,
  ctx: MatchContext,
  negated = false,
): Promise<AssertionResult> {
  const [result] = await runAssertions([expectation(matcher, options, negated, ctx)], ctx);
  if (!result) throw new Error('runAssertions returned no result');
  return result;
}

/** One row of a matcher table: options, whether negated, and the expected status and message. */
export interface Row {
  name: string;
  options: JsonValue;
  negated?: boolean;
  status: AssertionResult['status'];
  message: string | RegExp;
}

/** A row of a table that mixes matchers, each row with its own matcher and context. */
export interface MatcherRow extends Row {
  matcher: MatcherName;
  ctx: MatchContext;
}

/**
 * Runs one table row through `check` and asserts its status and message (the exact text, or a
 * pattern); returns the result for a table's own further checks.
 */
export async function checkRow(matcher: MatcherName, row: Row, ctx: MatchContext): Promise<AssertionResult> {
  const result = await check(matcher, row.options, ctx, row.negated);
  expect(result.status).toBe(row.status);
  if (typeof row.message === 'string') expect(result.message).toBe(row.message);
  else expect(result.message).toMatch(row.message);
  return result;
}
