// Which conversations `run` selects beyond tags: --grep / --grep-invert over "file › name" (a
// `/re/flags` literal or a case-insensitive substring, as in Playwright) and --last-failed.
import * as path from 'node:path';
import { linearPattern, regexLiteral, type LinearPattern } from '../model/pattern.js';
import type { ConversationSpec } from '../model/spec.js';
import { EXIT } from '../model/exit-codes.js';
import { RunInputError } from './errors.js';
import { loadRunResult, ReportInputError } from '../reporters/index.js';

export type SpecFilter = (c: ConversationSpec) => boolean;

/** What --grep is matched against: the title reports print. */
const specTitle = (c: Pick<ConversationSpec, 'file' | 'name'>): string => `${c.file} › ${c.name}`;

function grepMatcher(flag: string, pattern: string): (title: string) => boolean {
  // The one "/re/flags" parser (src/model/pattern.ts); "//" stays a substring, as an empty regex matches all.
  const literal = regexLiteral(pattern);
  if (!literal?.source) {
    const needle = pattern.toLowerCase();
    return (title) => title.toLowerCase().includes(needle);
  }
  let re: LinearPattern;
  try {
    re = linearPattern(literal.source, literal.flags);
  } catch (err) {
    throw new RunInputError(`${flag} ${pattern}: ${(err as Error).message}`, EXIT.usage);
  }
  return (title) => re.test(title);
}

/**
 * Spec ids of the conversations that failed or errored in the previous run's results.json, read
 * through the validated loader like every stored run (a truncated or foreign file is an error).
 */
export async function lastFailedIds(outputDir: string): Promise<Set<string>> {
  const file = path.join(outputDir, 'results.json');
  try {
    return failedSpecIds((await loadRunResult(file)).conversations);
  } catch (err) {
    if (!(err instanceof ReportInputError)) throw err;
    throw new RunInputError(`--last-failed needs the previous run's results: ${err.message}`, EXIT.usage);
  }
}

export function failedSpecIds(conversations: ReadonlyArray<{ specId?: unknown; status?: unknown }>): Set<string> {
  const failed = conversations.filter((c) => c.status === 'failed' || c.status === 'error');
  return new Set(failed.map((c) => String(c.specId)));
}

export interface SelectionFlags {
  grep?: string;
  grepInvert?: string;
  lastFailed?: Set<string>;
}

export function selectionFilter(sel: SelectionFlags): SpecFilter | undefined {
  const grep = sel.grep !== undefined ? grepMatcher('--grep', sel.grep) : undefined;
  const invert = sel.grepInvert !== undefined ? grepMatcher('--grep-invert', sel.grepInvert) : undefined;
  if (!grep && !invert && !sel.lastFailed) return undefined;
  return (c) =>
    (!grep || grep(specTitle(c))) &&
    (!invert || !invert(specTitle(c))) &&
    (!sel.lastFailed || sel.lastFailed.has(c.id));
}
