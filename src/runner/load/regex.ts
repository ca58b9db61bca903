// Patterns in specs are "/re/flags" or a plain pattern; a bad one is a load error, not a run-time crash.
import { compilePattern, patternProblem } from '../../model/pattern.js';

/**
 * Undefined when the pattern compiles; otherwise the one-line reason. `shownAs`: how to name a
 * pattern an `${env.NAME}` gave (Source.quote), which the reason must not quote.
 */
export function regexProblem(pattern: string, shownAs?: string): string | undefined {
  try {
    compilePattern(pattern);
    return undefined;
  } catch (err) {
    return patternProblem(pattern, err, shownAs);
  }
}
