// What `run` selects beyond the config's tags, as the plan takes it (src/model/selection.ts has the
// rules): --grep / --grep-invert (each repeatable: any pattern), checked before anything runs, and
// --last-failed.
import * as path from 'node:path';
import { grepMatcher, selector, type Selectable, type Selection } from '../model/selection.js';
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
function unmatchedStoredIds(ids: ReadonlySet<string>, files: readonly SpecFile[], redactor?: Redactor): string[] {
  const all = files.flatMap((f) => [...f.conversations, ...(f.toolTests ?? [])]);
  const matched = new Set<string>();
  for (const s of all) {
    if (ids.has(s.id)) matched.add(s.id);
    const masked = redactor?.active ? redactor.text(s.id) : undefined;
    if (masked !== undefined && ids.has(masked)) matched.add(masked);
  }
  return [...ids].filter((id) => !matched.has(id));
}

/**
 * `lastFailed` before the run: failed conversations the specs no longer have (renamed, removed, or
 * masked by other `redact:` patterns) are said through `warn`; when they are all there is, nothing
 * that failed can be re-run, which is bad input (RunInputError), not "nothing to re-run". Returns
 * the "nothing to re-run" line when the selection is empty (no run then: exit 0), else undefined.
 * `source` names the stored run as the user gave it.
 */
export function nothingToRerun(
  failed: ReadonlySet<string>,
  source: string,
  files: readonly SpecFile[],
  selection: Selection,
  warn: (text: string) => void,
  redactor?: Redactor,
): string | undefined {
  const unmatched = unmatchedStoredIds(failed, files, redactor);
  const any = selectsAny(files, selection);
  if (unmatched.length) {
    const list = unmatched.map((id) => `  - ${id}`).join('\n');
    warn(
      `cxas-eval: --last-failed: ${unmatched.length} failed or errored conversation(s) of ${source} ` +
        `match no conversation of these specs (renamed or removed since, or masked by other redact: patterns):\n` +
        `${list}\n`,
    );
    if (!any)
      throw new RunInputError(
        `--last-failed: none of the failed or errored conversations of ${source} is in these specs: ` +
          'nothing can be re-run',
      );
  }
  if (any) return undefined;
  return failed.size
    ? `No failed or errored conversation of ${source} is selected (--grep, --tag): nothing to re-run.`
    : `No failed or errored conversations in ${source}: nothing to re-run.`;
}

/** Whether the selection has a conversation or a tool test (a failed tool test is re-run too). */
function selectsAny(files: readonly SpecFile[], selection: Selection): boolean {
  const selects = selector(selection);
  return files.some((f) => f.conversations.some(selects) || (f.toolTests ?? []).some(selects));
}

export interface SelectionFlags {
  /** --grep patterns: what any of them matches is selected. */
  grep?: readonly string[];
  /** --grep-invert patterns: what any of them matches is left out. */
  grepInvert?: readonly string[];
  lastFailed?: Set<string>;
  /** The run's `redact:`, to match a stored run's masked ids. */
  redactor?: Redactor;
}

/** The flags as the plan's selection; a pattern that does not compile is a usage error, before any run. */
export function selectionOf(sel: SelectionFlags): Pick<Selection, 'grep' | 'grepInvert' | 'filter'> {
  for (const pattern of sel.grep ?? []) checkPattern('--grep', pattern);
  for (const pattern of sel.grepInvert ?? []) checkPattern('--grep-invert', pattern);
  const lastFailed = sel.lastFailed;
  return {
    ...(sel.grep?.length ? { grep: sel.grep } : {}),
    ...(sel.grepInvert?.length ? { grepInvert: sel.grepInvert } : {}),
    ...(lastFailed ? { filter: storedIdMatcher(lastFailed, sel.redactor) } : {}),
  };
}

function checkPattern(flag: string, pattern: string): void {
  try {
    grepMatcher(pattern);
  } catch (err) {
    throw new RunInputError(`${flag} ${pattern}: ${(err as Error).message}`, EXIT.usage);
  }
}
