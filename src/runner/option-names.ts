// The option names of the runner's public functions that take an options object (loadSpecs,
// loadConfig, convertFile), checked on each call: a misspelt one (`limit` for `limits`) was
// ignored, and the call went on with the default it meant to change. These functions never reject
// for bad input, so the problem is a SpecError among their `errors`, located at the call.
import { quoted } from '../model/location.js';
import { SpecError, unknownNameText } from '../validation/index.js';

/** Every name of an options type: a table missing one does not compile. */
export type OptionNames<T> = Record<keyof T, true>;

/**
 * What is wrong with `opts` as `fn`'s options: not an object, or a name not in `names`
 * (`loadSpecs():1:1 opts: unknown option "limit" (did you mean "limits"?)`); else undefined.
 */
export function optionNamesError(fn: string, opts: unknown, names: Record<string, true>): SpecError | undefined {
  const at = { file: `${fn}()`, line: 1, col: 1 };
  if (typeof opts !== 'object' || opts === null || Array.isArray(opts))
    return new SpecError('WRONG_TYPE', at, 'opts', `expected an object of options, got ${kindOf(opts)}`);
  const known = Object.keys(names);
  const unknown = Object.keys(opts).find((name) => !known.includes(name));
  return unknown === undefined
    ? undefined
    : new SpecError('UNKNOWN_KEY', at, 'opts', unknownNameText(unknown, known, 'option', true));
}

/** What a value is, with a string shown (it is the caller's own argument, not a file's content). */
export function kindOf(value: unknown): string {
  if (typeof value === 'string') return `a string (${quoted(value)})`;
  if (value === null || value === undefined) return String(value);
  return Array.isArray(value) ? 'a list' : `${typeof value === 'object' ? 'an' : 'a'} ${typeof value}`;
}
