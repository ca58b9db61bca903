// What `run` selects beyond the config's tags, as the plan takes it (src/model/selection.ts has the
// rules): --grep / --grep-invert, checked before anything runs, and --last-failed.
import * as path from 'node:path';
import { grepMatcher, type Selectable, type Selection } from '../model/selection.js';
import { EXIT } from '../model/exit-codes.js';
import type { Redactor } from '../model/redact.js';
import type { SpecFile } from '../model/spec.js';
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

/**
 * Whether a conversation (or tool test) of the specs is one of `ids`, spec ids read from a stored
 * run: as it is, or as the run's `redact:` masked it (results.json holds the masked id, the specs
 * the real one; the masked ids of a suite are unique, the loader sees to it).
 */
export function storedIdMatcher(ids: ReadonlySet<string>, redactor?: Redactor): (s: Pick<Selectable, 'id'>) => boolean {
  if (!redactor?.active) return (s) => ids.has(s.id);
  return (s) => ids.has(s.id) || ids.has(redactor.text(s.id));
}

/**
 * The ids of `ids` that no conversation or tool test of `files` is (renamed, removed, or masked
 * by other `redact:` patterns than the stored run's): they cannot be re-run, and must not read as
 * "nothing failed".
 */
export function unmatchedStoredIds(
  ids: ReadonlySet<string>,
  files: readonly SpecFile[],
  redactor?: Redactor,
): string[] {
  const all = files.flatMap((f) => [...f.conversations, ...(f.toolTests ?? [])]);
  const matched = new Set<string>();
  for (const s of all) {
    if (ids.has(s.id)) matched.add(s.id);
    const masked = redactor?.active ? redactor.text(s.id) : undefined;
    if (masked !== undefined && ids.has(masked)) matched.add(masked);
  }
  return [...ids].filter((id) => !matched.has(id));
}

export interface SelectionFlags {
  grep?: string;
  grepInvert?: string;
  lastFailed?: Set<string>;
  /** The run's `redact:`, to match a stored run's masked ids. */
  redactor?: Redactor;
}

/** The flags as the plan's selection; a pattern that does not compile is a usage error, before any run. */
export function selectionOf(sel: SelectionFlags): Pick<Selection, 'grep' | 'grepInvert' | 'filter'> {
  checkPattern('--grep', sel.grep);
  checkPattern('--grep-invert', sel.grepInvert);
  const lastFailed = sel.lastFailed;
  return {
    ...(sel.grep !== undefined ? { grep: sel.grep } : {}),
    ...(sel.grepInvert !== undefined ? { grepInvert: sel.grepInvert } : {}),
    ...(lastFailed ? { filter: storedIdMatcher(lastFailed, sel.redactor) } : {}),
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
