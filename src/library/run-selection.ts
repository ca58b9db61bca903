// What `run` selects beyond the config's tags, as the plan takes it (src/model/selection.ts has the
// rules): --grep / --grep-invert, checked before anything runs, and --last-failed.
import * as path from 'node:path';
import { grepMatcher, type Selection } from '../model/selection.js';
import { EXIT } from '../model/exit-codes.js';
import { RunInputError } from './errors.js';
import { loadRunResult, ReportInputError } from '../reporters/index.js';

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

/** The flags as the plan's selection; a pattern that does not compile is a usage error, before any run. */
export function selectionOf(sel: SelectionFlags): Pick<Selection, 'grep' | 'grepInvert' | 'filter'> {
  checkPattern('--grep', sel.grep);
  checkPattern('--grep-invert', sel.grepInvert);
  const lastFailed = sel.lastFailed;
  return {
    ...(sel.grep !== undefined ? { grep: sel.grep } : {}),
    ...(sel.grepInvert !== undefined ? { grepInvert: sel.grepInvert } : {}),
    ...(lastFailed ? { filter: (s) => lastFailed.has(s.id) } : {}),
  };
}

function checkPattern(flag: string, pattern: string | undefined): void {
  if (pattern === undefined) return;
  try {
    grepMatcher(pattern);
  } catch (err) {
    throw new RunInputError(`${flag} ${pattern}: ${(err as Error).message}`, EXIT.usage);
  }
}
