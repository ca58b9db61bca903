// The checks shared by `text` (agent text) and `transcript` (the user's recognised speech).
import type { JsonObject } from '../model/json.js';
import type { TextOptions } from '../model/spec.js';
import { BadOptionsError } from './errors.js';
import { quote, render, score } from './format.js';
import { parseRegex } from './regex.js';
import { similarity } from './similarity.js';
import type { Check } from './types.js';

const DEFAULT_SIMILARITY_THRESHOLD = 0.8;

interface Verdict {
  /** Verb phrase after "to" / "not to", e.g. `contain "balance"`. */
  phrase: string;
  pass: boolean;
  details?: JsonObject;
}

type TextCheck = (text: string, o: TextOptions, ignoreCase: boolean) => Verdict | undefined;

const fold = (s: string, ignoreCase: boolean): string => (ignoreCase ? s.toLowerCase() : s);

const equalsCheck: TextCheck = (text, o, ic) => {
  const want = o.equals;
  if (want === undefined) return undefined;
  return { phrase: `equal ${quote(want)}`, pass: fold(text.trim(), ic) === fold(want.trim(), ic) };
};

const containsCheck: TextCheck = (text, o, ic) => {
  if (o.contains === undefined) return undefined;
  const wants = typeof o.contains === 'string' ? [o.contains] : o.contains;
  const missing = wants.filter((w) => !fold(text, ic).includes(fold(w, ic)));
  const details: JsonObject | undefined = wants.length > 1 ? { missing } : undefined;
  return {
    phrase: `contain ${wants.map((w) => quote(w)).join(', ')}`,
    pass: missing.length === 0,
    ...(details ? { details } : {}),
  };
};

const matchesCheck: TextCheck = (text, o, ic) => {
  const pattern = o.matches;
  if (pattern === undefined) return undefined;
  const re = parseRegex(pattern, ic);
  return { phrase: `match ${re}`, pass: re.test(text) };
};

const oneOfCheck: TextCheck = (text, o, ic) => {
  const options = o.oneOf;
  if (options === undefined) return undefined;
  const actual = fold(text.trim(), ic);
  return { phrase: `be one of ${render(options)}`, pass: options.some((w) => fold(w.trim(), ic) === actual) };
};

const similarCheck: TextCheck = (text, o) => {
  const want = o.similar;
  if (want === undefined) return undefined;
  // The schema keeps the threshold within 0..1.
  const threshold = o.threshold ?? DEFAULT_SIMILARITY_THRESHOLD;
  const s = similarity(text, want);
  return {
    phrase: `be similar to ${quote(want)} (similarity ${score(s)}, threshold ${score(threshold)})`,
    pass: s >= threshold,
    details: { similarity: s, threshold },
  };
};

const CHECKS: readonly TextCheck[] = [equalsCheck, containsCheck, matchesCheck, oneOfCheck, similarCheck];

/**
 * Runs every check the options name (all must hold) against `text` (a plain string was made a check
 * by the loader). `subject` names what is checked in messages (`text`, `transcript`).
 */
export function checkText(matcher: string, subject: string, o: TextOptions, text: string): Check {
  const ignoreCase = o.ignoreCase ?? false;
  // Loops, not map/filter/spread: this runs for every text expectation of every turn.
  const phrases: string[] = [];
  let pass = true;
  let details: JsonObject | undefined;
  for (const check of CHECKS) {
    const verdict = check(text, o, ignoreCase);
    if (!verdict) continue;
    phrases.push(verdict.phrase);
    pass &&= verdict.pass;
    if (verdict.details) details = { ...details, ...verdict.details };
  }
  if (phrases.length === 0)
    throw new BadOptionsError(
      `${matcher}: options need one of equals, contains, matches, oneOf, similar; got ${render(o)}`,
    );
  const phrase = phrases.join(' and ') + (ignoreCase ? ' (ignoring case)' : '');
  const got = `got: ${quote(text)}`;
  const result: Check = {
    pass,
    message: `expected ${subject} to ${phrase}; ${got}`,
    negatedMessage: `expected ${subject} not to ${phrase}; ${got}`,
    expected: o,
    actual: text,
  };
  if (details && Object.keys(details).length) result.details = details;
  return result;
}
