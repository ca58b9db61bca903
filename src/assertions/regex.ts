// Patterns in specs are "/re/flags" (JavaScript literal form) or a plain pattern.
import { BadOptionsError } from './errors.js';

const LITERAL = /^\/(.*)\/([a-z]*)$/s;

/** Builds the RegExp; `ignoreCase` adds the `i` flag. Invalid patterns are BadOptionsError. */
export function parseRegex(pattern: string, ignoreCase = false): RegExp {
  const literal = LITERAL.exec(pattern);
  const source = literal ? literal[1]! : pattern;
  let flags = literal ? literal[2]! : '';
  if (ignoreCase && !flags.includes('i')) flags += 'i';
  try {
    return new RegExp(source, flags);
  } catch (err) {
    throw new BadOptionsError(`invalid regular expression ${JSON.stringify(pattern)}: ${(err as Error).message}`);
  }
}
