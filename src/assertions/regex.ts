// Patterns in specs are "/re/flags" (JavaScript literal form) or a plain pattern.
import { compilePattern } from '../model/pattern.js';
import { BadOptionsError } from './errors.js';

/** Builds the RegExp; `ignoreCase` adds the `i` flag. Invalid patterns are BadOptionsError. */
export function parseRegex(pattern: string, ignoreCase = false): RegExp {
  try {
    return compilePattern(pattern, ignoreCase ? 'i' : '');
  } catch (err) {
    throw new BadOptionsError(`invalid regular expression ${JSON.stringify(pattern)}: ${(err as Error).message}`);
  }
}
