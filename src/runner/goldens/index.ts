// Goldens: `--update-goldens` records each conversation's normalized transcript; runs that ask
// for goldens compare against it: a mismatch fails the conversation with a readable diff, and so
// does a missing golden (like a snapshot test, locally and in CI alike).
import { existsSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import * as path from 'node:path';
import type { AssertionResult, ConversationResult, GoldenComparison } from '../../model/result.js';
import { compareGolden, summarizeDiffs, type TextComparator } from './compare.js';
import { goldenPath } from './paths.js';
import { readGolden, writeGolden } from './store.js';
import { GOLDEN_FORMAT, goldenTranscript, type GoldenTranscript } from './transcript.js';
import { Redactor } from '../../model/redact.js';

export { compareGolden } from './compare.js';
export { goldenPath } from './paths.js';
export { writeGolden } from './store.js';
export { goldenTranscript } from './transcript.js';
export { legacyGoldens, obsoleteGoldens, removeGoldens } from './inventory.js';

export interface GoldenOptions {
  goldensDir: string;
  cwd: string;
  /** `--update-goldens`: record every conversation's golden (asking for goldens implicitly). */
  update: boolean;
  /** Compare every conversation (config `golden:`, `--goldens DIR`); else only those with `golden: true`. */
  all: boolean;
  text: TextComparator;
  /** Goldens hold no secret: content and file name are masked (and compared masked). */
  redactor?: Redactor;
}

/** The golden file of a conversation (absolute; its spec path and name masked like its content). */
export function goldenFileOf(result: Pick<ConversationResult, 'file' | 'name'>, opts: GoldenOptions): string {
  const redactor = opts.redactor ?? new Redactor();
  return goldenPath(path.resolve(opts.cwd, opts.goldensDir), redactor.text(result.file), redactor.text(result.name));
}

/**
 * Compares (or records) one finished conversation: sets `result.golden` and adds a `golden` assertion.
 * `renames`: the suite's goldens that may be under their old file name (legacyGoldens), by new name.
 */
export async function applyGolden(
  result: ConversationResult,
  opts: GoldenOptions,
  renames: ReadonlyMap<string, string> = new Map(),
): Promise<void> {
  if (result.status === 'skipped' || result.status === 'interrupted') return;
  const file = goldenFileOf(result, opts);
  const previous = await readGolden(file);
  const old = previous ? undefined : renames.get(file);
  const legacy = old && existsSync(old) ? old : undefined;
  if (opts.update) return updateGolden(result, opts, { file, previous, legacy });
  if (result.status === 'error') return;
  const shown = path.relative(opts.cwd, file);
  if (!previous) {
    // Like a snapshot test: asking for a comparison and having nothing to compare with fails.
    result.golden = { file: shown, status: 'missing', diffs: [] };
    result.assertions.push(missingGoldenAssertion(shown, legacy && path.relative(opts.cwd, legacy)));
    return;
  }
  const actual = (opts.redactor ?? new Redactor()).data(goldenTranscript(result));
  const diffs = compareGolden(previous, actual, opts.text);
  const golden: GoldenComparison = { file: shown, status: diffs.length ? 'mismatched' : 'matched', diffs };
  result.golden = golden;
  result.assertions.push(goldenAssertion(golden));
}

interface GoldenFiles {
  file: string;
  previous: GoldenTranscript | undefined;
  /** The golden under its old file name (legacyGoldenOf): recorded again under the new one, then removed. */
  legacy: string | undefined;
}

/** `--update-goldens`: records the transcript when it changed (or was only under its old name). */
async function updateGolden(result: ConversationResult, opts: GoldenOptions, files: GoldenFiles): Promise<void> {
  if (result.status === 'error' || result.runIndex > 0) return;
  const { file, legacy } = files;
  const previous = files.previous ?? (legacy ? await readGolden(legacy) : undefined);
  const actual = (opts.redactor ?? new Redactor()).data(goldenTranscript(result));
  const changes = !previous
    ? ['new golden']
    : [
        ...(legacy ? [`renamed from ${path.relative(opts.cwd, legacy)}`] : []),
        ...(previous.format === GOLDEN_FORMAT ? [] : [`golden format ${previous.format ?? 1} → ${GOLDEN_FORMAT}`]),
        ...summarizeDiffs(compareGolden(previous, actual, { mode: 'exact' })),
      ];
  if (changes.length) await writeGolden(file, actual);
  if (legacy) await rm(legacy, { force: true });
  const shown = path.relative(opts.cwd, file);
  result.golden = { file: shown, status: changes.length ? 'recorded' : 'unchanged', diffs: [], changes };
}

/** The message a missing golden fails with (also the hint to record it). */
const MISSING_GOLDEN = 'no golden recorded: run with --update-goldens';

function missingGoldenAssertion(file: string, legacy: string | undefined): AssertionResult {
  const message = legacy
    ? `no golden at ${file}; ${legacy} is its golden under its older file name (before golden names kept ` +
      `the letters of every script): rename it to ${file}, or run with --update-goldens`
    : `${MISSING_GOLDEN} (${file})`;
  return { matcher: 'golden', negated: false, status: 'failed', message };
}

function goldenAssertion(g: GoldenComparison): AssertionResult {
  if (!g.diffs.length)
    return { matcher: 'golden', negated: false, status: 'passed', message: `matches golden ${g.file}` };
  const lines = summarizeDiffs(g.diffs);
  const more = lines.length > 2 ? ` (+${lines.length - 2} more)` : '';
  return {
    matcher: 'golden',
    negated: false,
    status: 'failed',
    message: `differs from golden ${g.file}: ${lines.slice(0, 2).join('; ')}${more}`,
  };
}
