// custom: a user's JS matcher, loaded by the runner (assertions do no I/O) and looked up by `module`.
import { isJsonObject, type JsonValue } from '../model/json.js';
import type { CustomMatcher } from '../model/spec-expectations.generated.js';
import { CannotEvaluateError } from './errors.js';
import { DeadlineError, withDeadline } from './deadline.js';
import { bounded, render } from './format.js';
import { jsonProblem } from './json-problem.js';
import {
  UnloadedCustomMatcher,
  type Check,
  type CustomMatcherFn,
  type CustomMatcherVerdict,
  type MatchContext,
} from './types.js';

interface CustomSpec {
  module: string;
  exportName: string;
  label: string;
  options: JsonValue;
  timeoutMs?: number;
}

/** The function's options are `options:` as written (`{}` without). */
function parse(options: CustomMatcher): CustomSpec {
  const exportName = options.export ?? 'default';
  return {
    module: options.module,
    exportName,
    label: `${options.module}#${exportName}`,
    options: options.options ?? {},
    ...(options.timeoutMs !== undefined ? { timeoutMs: options.timeoutMs } : {}),
  };
}

function findMatcher(spec: CustomSpec, ctx: MatchContext): CustomMatcherFn {
  const loaded = ctx.customMatchers?.get(spec.module);
  if (!loaded) throw new CannotEvaluateError(`custom: module ${spec.module} was not loaded`);
  if (loaded instanceof UnloadedCustomMatcher) throw new CannotEvaluateError(`custom: ${loaded.reason}`);
  const fn = Object.hasOwn(loaded, spec.exportName) ? loaded[spec.exportName] : undefined;
  if (typeof fn === 'function') return fn as CustomMatcherFn;
  const functions = Object.keys(loaded).filter((k) => typeof loaded[k] === 'function');
  const has = functions.length ? `its function exports: ${functions.join(', ')}` : 'it exports no function';
  throw new CannotEvaluateError(
    `custom: ${spec.module} has no function export ${JSON.stringify(spec.exportName)} (${has})`,
  );
}

function isVerdict(value: unknown): value is CustomMatcherVerdict {
  return (
    isJsonObject(value as JsonValue) &&
    typeof (value as { pass?: unknown }).pass === 'boolean' &&
    ['undefined', 'string'].includes(typeof (value as { message?: unknown }).message)
  );
}

function describeReturned(value: unknown): string {
  try {
    return bounded(render(value as JsonValue));
  } catch {
    return typeof value;
  }
}

/**
 * The verdict, if its `expected` and `actual` can be written as JSON: they go into the result and
 * from there into every report, where a cycle or a BigInt would stop results.json being written.
 */
function checkedValues(verdict: CustomMatcherVerdict, spec: CustomSpec): CustomMatcherVerdict {
  for (const name of ['expected', 'actual'] as const) {
    const problem = verdict[name] === undefined ? undefined : jsonProblem(verdict[name], name);
    if (problem) {
      throw new CannotEvaluateError(
        `custom: ${spec.label} returned a value that cannot be written as JSON: ${problem}`,
      );
    }
  }
  return verdict;
}

async function call(fn: CustomMatcherFn, spec: CustomSpec, ctx: MatchContext): Promise<CustomMatcherVerdict> {
  let returned: unknown;
  try {
    const limit = spec.timeoutMs ?? ctx.timeoutMs;
    const input = { turn: ctx.turn, turns: ctx.turns, options: spec.options, scope: ctx.scope };
    const returning = fn(input, { timeoutMs: limit });
    returned = await (limit === undefined
      ? returning
      : withDeadline(returning, limit, `custom: ${spec.label} did not settle within ${limit} ms`));
  } catch (err) {
    if (err instanceof DeadlineError) throw new CannotEvaluateError(err.message);
    // The isolating host (the runner's worker) says what happened: a deadline, a crash, an exit
    // (any user text in it already bounded there).
    if (err instanceof CannotEvaluateError) throw new CannotEvaluateError(`custom: ${spec.label} ${err.message}`);
    const thrown = err instanceof Error ? err.message : String(err);
    throw new CannotEvaluateError(`custom: ${spec.label} threw: ${bounded(thrown)}`);
  }
  if (typeof returned === 'boolean') return { pass: returned };
  if (isVerdict(returned)) return checkedValues(returned, spec);
  throw new CannotEvaluateError(
    `custom: ${spec.label} must return a boolean or {pass, message?}; returned ${describeReturned(returned)}`,
  );
}

export async function custom(options: CustomMatcher, ctx: MatchContext): Promise<Check> {
  const spec = parse(options);
  const verdict = await call(findMatcher(spec, ctx), spec, ctx);
  const said = verdict.message ? `: ${bounded(verdict.message)}` : '';
  return {
    pass: verdict.pass,
    message: `expected custom check ${spec.label} to pass; it ${verdict.pass ? 'passed' : 'failed'}${said}`,
    negatedMessage: `expected custom check ${spec.label} to fail; it ${verdict.pass ? 'passed' : 'failed'}${said}`,
    expected: verdict.expected ?? spec.options,
    ...(verdict.actual !== undefined ? { actual: verdict.actual } : {}),
  };
}
