// Which specs a run selects, one set of rules for conversations and tool tests alike (the plan,
// `run --list`, tool tests): --tag / --exclude-tag, --grep / --grep-invert over the title reports
// print ("file › name": a "/re/flags" literal, or a substring in any case, as in Playwright), and a
// caller's own filter (--last-failed, watch's `f`), all ANDed. Several patterns of one kind are ORed,
// as several tags are: a repeated --grep selects what any of them matches, a repeated --grep-invert
// leaves out what any of them matches.
import { linearPattern, regexLiteral } from './pattern.js';
import type { SpecFile, ToolTestSpec } from './spec.js';

/** What selection reads of a conversation or a tool test. */
export interface Selectable {
  id: string;
  file: string;
  name: string;
  tags: readonly string[];
}

export interface Selection {
  /** Only what one of these patterns matches (a single pattern: what it matches). */
  grep?: string | readonly string[];
  /** Not what one of these patterns matches. */
  grepInvert?: string | readonly string[];
  /** At least one of these tags (none given: any). */
  tags?: string[];
  /** None of these tags. */
  excludeTags?: string[];
  /** A caller's own selection (--last-failed), ANDed with the rest. */
  filter?: (s: Selectable) => boolean;
}

/** What --grep is matched against: the title reports print. */
const titleOf = (s: Pick<Selectable, 'file' | 'name'>): string => `${s.file} › ${s.name}`;

/**
 * --grep's reading of a pattern: a "/re/flags" literal on the linear-time engine (pattern.ts), else a
 * substring in any case ("//" too, as an empty regex would match everything). Throws PatternError.
 */
export function grepMatcher(pattern: string): (title: string) => boolean {
  const literal = regexLiteral(pattern);
  if (!literal?.source) {
    const needle = pattern.toLowerCase();
    return (title) => title.toLowerCase().includes(needle);
  }
  const re = linearPattern(literal.source, literal.flags);
  return (title) => re.test(title);
}

/** Whether any of the patterns matches a title; undefined when none is given (no selection by pattern). */
function anyMatcher(patterns: string | readonly string[] | undefined): ((title: string) => boolean) | undefined {
  const matchers = (typeof patterns === 'string' ? [patterns] : (patterns ?? [])).map(grepMatcher);
  if (matchers.length === 0) return undefined;
  return (title) => matchers.some((matches) => matches(title));
}

/** The selection as one test, its patterns compiled once; throws PatternError for a bad pattern. */
export function selector(sel: Selection): (s: Selectable) => boolean {
  const grep = anyMatcher(sel.grep);
  const invert = anyMatcher(sel.grepInvert);
  const { tags, excludeTags, filter } = sel;
  return (s) =>
    (!grep || grep(titleOf(s))) &&
    (!invert || !invert(titleOf(s))) &&
    (!tags?.length || tags.some((t) => s.tags.includes(t))) &&
    !excludeTags?.some((t) => s.tags.includes(t)) &&
    (!filter || filter(s));
}

/** The files' tool tests the selection keeps, in file order. */
export function selectToolTests(files: readonly SpecFile[], sel: Selection = {}): ToolTestSpec[] {
  return files.flatMap((f) => f.toolTests ?? []).filter(selector(sel));
}
