// Patterns written by users (spec `matches` and `$regex`, config `redact`, `--grep`, emulator routes
// and whenArgs): "/re/flags" in JavaScript literal form, or a plain pattern. One parser and one engine,
// so every part reads a pattern the same way.
//
// Every user pattern runs on RE2 (re2js, a pure-JS port): matching takes time linear in the text,
// whatever the pattern, so no pattern can freeze a run (`/^(a+)+$/` or `/^(a|a)*$/` against a long
// reply). Static checkers were tried and rejected: safe-regex2's star height misses `(a|a)*`, scslre
// misses it too and flags everyday patterns such as `\d+\.\d+`. RE2 has no backreferences and no
// lookaround; a pattern that uses them is refused where it is written (file:line:col), with that reason.
import { RE2JS, RE2JSException } from 're2js';

const LITERAL = /^\/(.*)\/([a-z]*)$/s;

/** The source and flags of a "/re/flags" literal; undefined for a plain pattern. */
export function regexLiteral(pattern: string): { source: string; flags: string } | undefined {
  const m = LITERAL.exec(pattern);
  return m ? { source: m[1]!, flags: m[2]! } : undefined;
}

/** A compiled user pattern: stateless (no lastIndex), linear-time. */
export interface LinearPattern {
  readonly source: string;
  readonly flags: string;
  test(text: string): boolean;
  /** Every match replaced by `replacement`, taken literally. */
  replaceAll(text: string, replacement: string): string;
  /** Whether it matches the empty string somewhere (`x*`, `a|`, `\b`): masking would insert text everywhere. */
  matchesEmpty(): boolean;
  /** `/source/flags`, as the user wrote it. */
  toString(): string;
}

/** A pattern that is not valid JavaScript, or that the linear-time engine cannot run; message is one line. */
export class PatternError extends SyntaxError {
  constructor(
    message: string,
    /** Why, without the pattern: a pattern from `${env.NAME}` may be a secret, never quoted. */
    readonly reason = message,
  ) {
    super(message);
    this.name = 'PatternError';
  }
}

/** JavaScript flags and their RE2 equivalents; `g`, `u` and `d` change nothing for test and replace-all. */
const FLAGS: Readonly<Record<string, number>> = {
  i: RE2JS.CASE_INSENSITIVE,
  m: RE2JS.MULTILINE,
  s: RE2JS.DOTALL,
  g: 0,
  u: 0,
  d: 0,
};

const cache = new Map<string, LinearPattern>();
/** Emulator routes are compiled for every input: patterns are few, so a small memo saves the work. */
const CACHE_LIMIT = 1000;

/** The pattern `source` with JavaScript `flags`, compiled for the linear-time engine; throws PatternError. */
export function linearPattern(source: string, flags = ''): LinearPattern {
  const key = `${flags}/${source}`;
  const cached = cache.get(key);
  if (cached) return cached;
  const compiled = compileLinear(source, flags);
  if (cache.size >= CACHE_LIMIT) cache.clear();
  cache.set(key, compiled);
  return compiled;
}

/** A "/re/flags" literal with its flags, a plain pattern as a regex source; throws PatternError. */
export function compilePattern(pattern: string, extraFlags = ''): LinearPattern {
  const literal = regexLiteral(pattern);
  let flags = literal?.flags ?? '';
  for (const f of extraFlags) if (!flags.includes(f)) flags += f;
  return linearPattern(literal?.source ?? pattern, flags);
}

/**
 * The one-line reason a pattern was refused, for a SpecError or a usage error. `shownAs`: how the
 * message names a pattern it must not quote (`${env.NAME}`, when the pattern came from there).
 */
export function patternProblem(pattern: string, err: unknown, shownAs?: string): string {
  if (shownAs !== undefined) {
    const reason = err instanceof PatternError ? err.reason : 'not a valid pattern';
    return `the value of ${shownAs} is not a valid regular expression: ${reason}`;
  }
  const message = err instanceof Error ? err.message : String(err);
  const prefix = 'Invalid regular expression: ';
  if (message.startsWith(prefix)) return `invalid regular expression ${message.slice(prefix.length)}`;
  if (message.includes('linear-time engine')) return message;
  return `invalid regular expression ${pattern}: ${message}`;
}

/** JavaScript's message without the pattern it quotes: `Invalid regular expression: /(a/: Unterminated group`. */
const JS_REASON = /^Invalid regular expression: \/.*\/[a-z]*: (.*)$/s;

function compileLinear(source: string, flags: string): LinearPattern {
  // JavaScript's own reading first, so a typo gets JavaScript's message.
  try {
    new RegExp(source, flags);
  } catch (err) {
    const message = (err as Error).message;
    throw new PatternError(message, JS_REASON.exec(message)?.[1] ?? message);
  }
  let re2Flags = 0;
  for (const f of flags) {
    const flag = FLAGS[f];
    const reason = `flag ${f} is not supported for user patterns`;
    if (flag === undefined) throw new PatternError(`/${source}/${flags}: ${reason}`, reason);
    re2Flags |= flag;
  }
  let re: RE2JS;
  try {
    re = RE2JS.compile(RE2JS.translateRegExp(source), re2Flags);
  } catch (err) {
    if (!(err instanceof RE2JSException)) throw err;
    const why = err.message.replace(/^error parsing regexp: /, '');
    const reason = `cannot run on the linear-time engine (RE2: no backreferences or lookaround): ${why}`;
    throw new PatternError(`/${source}/${flags} ${reason}`, reason);
  }
  const text = `/${source}/${flags}`;
  const replacementText = RE2JS.quoteReplacement;
  return {
    source,
    flags,
    test: (input) => re.test(input),
    replaceAll: (input, replacement) => re.matcher(input).replaceAll(replacementText(replacement)),
    matchesEmpty: () => hasEmptyMatch(re),
    toString: () => text,
  };
}

/**
 * Texts that place an empty match in every context one can depend on: the text's start and end,
 * a line's start and end (m flag), and each pairing of word and non-word characters around it
 * (\b, \B). Whether a pattern can match empty text depends only on that context.
 */
const EMPTY_MATCH_PROBES = ['', 'a', ' a ', 'aa', '  ', 'a\nb', '\n'];

function hasEmptyMatch(re: RE2JS): boolean {
  return EMPTY_MATCH_PROBES.some((probe) => {
    const m = re.matcher(probe);
    while (m.find()) if (m.start() === m.end()) return true;
    return false;
  });
}
