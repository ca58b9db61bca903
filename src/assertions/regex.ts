// Patterns in specs are "/re/flags" (JavaScript literal form) or a plain pattern.
import { compilePattern, type LinearPattern } from '../model/pattern.js';
import { BadOptionsError } from './errors.js';

/** Compiles for the linear-time engine; `ignoreCase` adds the `i` flag. Invalid patterns are BadOptionsError. */
export function parseRegex(pattern: string, ignoreCase = false): LinearPattern {
  try {
    return compilePattern(pattern, ignoreCase ? 'i' : '');
  } catch (err) {
    throw new BadOptionsError(`invalid regular expression ${JSON.stringify(pattern)}: ${(err as Error).message}`);
  }
}
