// Patterns in specs are "/re/flags" or a plain pattern; a bad one is a load error, not a run-time crash.
import { compilePattern } from '../../model/pattern.js';

/** Undefined when the pattern compiles; otherwise the one-line reason. */
export function regexProblem(pattern: string): string | undefined {
  try {
    compilePattern(pattern);
    return undefined;
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    const prefix = 'Invalid regular expression: ';
    return message.startsWith(prefix)
      ? `invalid regular expression ${message.slice(prefix.length)}`
      : `invalid regular expression ${pattern}: ${message}`;
  }
}
