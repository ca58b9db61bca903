// The contract between runAssertions and the matchers (one file each) it dispatches to.
import type { JsonObject, JsonValue } from '../model/json.js';
import type { MatcherName, MatcherOptions, MatchStyle } from '../model/spec.js';
import type { TurnResult } from '../model/turn.js';

export type Scope = 'turn' | 'conversation';

export interface MatchContext {
  scope: Scope;
  /** 0-based spec turn index (turn scope). */
  turnIndex?: number;
  /** The turn being checked (turn scope). */
  turn?: TurnResult;
  /** All turns of the conversation so far (conversation scope: all of them). */
  turns: TurnResult[];
  /**
   * Custom matcher modules loaded by the runner, keyed by the `custom.module` string exactly as in
   * the spec; a module that could not be loaded is an UnloadedCustomMatcher with the reason.
   */
  customMatchers?: ReadonlyMap<string, CustomMatcherModule | UnloadedCustomMatcher>;
  /** `strict` flips the defaults options leave open (src/assertions/README.md); default `lenient`. */
  match?: MatchStyle;
  /**
   * Scalars compare type-exactly (`42.5` ≠ `"42.5"`): native specs under `match: strict`. Lenient
   * specs and cxas-scrapi files keep the number/numeric-string leniency.
   */
  exactScalars?: boolean;
  /**
   * Strict only, set by runAssertions: how many tool calls (per tool), payloads and citations
   * the checked expectation list claims (src/assertions/listing.ts).
   */
  listed?: ReadonlyMap<string, number>;
  /** How long a matcher that can hang (custom) may take: the turn's timeout; its own `timeoutMs` wins. */
  timeoutMs?: number;
  /**
   * The LLM judge, supplied by the runner for runs with `judge` expectations (assertions stay pure:
   * the I/O is behind this function). Without it a `judge` expectation is skipped with the reason.
   */
  judge?: DeferredCheck;
}

/**
 * An asynchronous check (the LLM judge): asked with the expectation's options and the context, it
 * answers like a matcher. runAssertions frames its result and applies `not:` as for any other.
 */
export type DeferredCheck = (options: MatcherOptions['judge'], ctx: MatchContext) => Promise<MatcherOutcome>;

export interface CustomMatcherInput {
  turn?: TurnResult;
  turns: TurnResult[];
  options: JsonValue;
  scope: Scope;
}

export interface CustomMatcherVerdict {
  pass: boolean;
  message?: string;
  expected?: JsonValue;
  actual?: JsonValue;
}

/**
 * What custom.ts tells the function besides its input: a host that runs user code in isolation
 * (the runner's worker per module) enforces the deadline itself, and can stop code that never yields.
 */
export interface CustomMatcherCall {
  timeoutMs: number | undefined;
}

export type CustomMatcherFn = (
  input: CustomMatcherInput,
  call?: CustomMatcherCall,
) => boolean | CustomMatcherVerdict | Promise<boolean | CustomMatcherVerdict>;

/** The imported module namespace; the matcher is `options.export ?? 'default'`. */
export type CustomMatcherModule = Record<string, unknown>;

/** A module the runner could not load: every expectation naming it is `error` with this reason. */
export class UnloadedCustomMatcher {
  constructor(readonly reason: string) {}
}

/**
 * What a matcher decided. `message` must read correctly when the check is not negated
 * (pass or fail); `negatedMessage` is used under `not:`. Both state expected and actual.
 */
export interface Check {
  pass: boolean;
  message: string;
  negatedMessage?: string;
  expected?: JsonValue;
  actual?: JsonValue;
  details?: JsonObject;
}

/** A matcher that knowingly cannot decide (e.g. `judge` without an LLM). Never negated. */
interface Skip {
  skipped: string;
  expected?: JsonValue;
}

/** A check that could not be evaluated, with what is known (the judge's error code, calls, raw reply). */
export interface Errored {
  error: string;
  expected?: JsonValue;
  actual?: JsonValue;
  details?: JsonObject;
}

export type MatcherOutcome = Check | Skip | Errored;

/**
 * The matcher of `K`: it receives the options the loader normalized (src/model/spec.ts MatcherOptions),
 * typed, and parses nothing. Matchers throw CannotEvaluateError (src/assertions/errors.ts) when the
 * assertion cannot be evaluated.
 */
export type Matcher<K extends MatcherName> = (
  options: MatcherOptions[K],
  ctx: MatchContext,
) => MatcherOutcome | Promise<MatcherOutcome>;

/** One matcher per name (registry.ts). */
export type Matchers = { readonly [K in MatcherName]: Matcher<K> };
