// Flag values checked one way for every command: one message per bad value, naming the flag, the
// accepted range or choices and what was given; always exit 2 (usage).
import { CliError, EXIT } from './exit-codes.js';
import { endpointProblem } from '../model/endpoint.js';
import { APP_NAME, APP_NAME_FORM } from '../model/resource-names.js';

/** A whole number in [min, max] (max optional); `abc` and an out-of-range number get the same sentence. */
export function intOption(flag: string, value: string | undefined, min: number, max?: number): number | undefined {
  if (value === undefined) return undefined;
  const n = /^[+-]?\d+$/.test(value.trim()) ? Number(value) : NaN;
  if (Number.isSafeInteger(n) && n >= min && (max === undefined || n <= max)) return n;
  const range = max === undefined ? `>= ${min}` : `from ${min} to ${max}`;
  throw new CliError(`${flag} must be a whole number ${range}, got "${value}"`, EXIT.usage);
}

/** One of a fixed set of words. */
export function choiceOption<T extends string>(flag: string, value: string, choices: readonly T[]): T {
  if ((choices as readonly string[]).includes(value)) return value as T;
  throw new CliError(`${flag} must be one of ${choices.join(', ')}, got "${value}"`, EXIT.usage);
}

/** A number strictly between `min` and `max` (a probability, a rate). */
export function fractionOption(flag: string, value: string | undefined, min = 0, max = 1): number | undefined {
  if (value === undefined) return undefined;
  const n = /^\s*[+-]?(\d+\.?\d*|\.\d+)\s*$/.test(value) ? Number(value) : NaN;
  if (n > min && n < max) return n;
  throw new CliError(`${flag} must be a number between ${min} and ${max} (exclusive), got "${value}"`, EXIT.usage);
}

/**
 * `--endpoint`, checked as commander reads it (every command that takes one): a port out of range or
 * a missing host is one line now, not an UNAVAILABLE per conversation after retries.
 */
export function endpointOption(value: string): string {
  const problem = endpointProblem(value, '--endpoint');
  if (problem) throw new CliError(problem, EXIT.usage);
  return value;
}

/**
 * An app resource name from `source` (a flag, or CXAS_APP), checked as a run checks it: a malformed
 * one is one line and exit 2, not the client's error once something is listed or run.
 */
export function appNameOption(source: string, value: string | undefined): string | undefined {
  if (value === undefined || APP_NAME.test(value)) return value;
  throw new CliError(
    `${source}: app name ${JSON.stringify(value)} is malformed: expected ${APP_NAME_FORM}`,
    EXIT.usage,
  );
}
