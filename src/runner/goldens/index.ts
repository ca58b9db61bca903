// Goldens: `--update-goldens` records each conversation's normalized transcript; runs that ask
// for goldens compare against it: a mismatch fails the conversation with a readable diff, and so
// does a missing golden (like a snapshot test, locally and in CI alike).
import { existsSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import * as path from 'node:path';
import type { FileRoots } from '../load/roots.js';
import type { AssertionResult, ConversationResult, GoldenComparison } from '../../model/result.js';
import { compareGolden, summarizeDiffs, type TextComparator } from './compare.js';
import { goldenPath } from './paths.js';
import { readGolden, writeGolden, type StoredGolden } from './store.js';
import { GOLDEN_FORMAT, goldenTranscript, type GoldenTranscript } from './transcript.js';
import { Redactor } from '../../model/redact.js';
import type { SpecError } from '../../validation/index.js';

export { compareGolden } from './compare.js';
export { goldenPath } from './paths.js';
export { writeGolden } from './store.js';
export { goldenTranscript } from './transcript.js';
export { legacyGoldens, obsoleteGoldens, removeGoldens } from './inventory.js';
import { isGoldenFile } from './inventory.js';

export interface GoldenOptions {
  goldensDir: string;
  cwd: string;
  /**
   * The folders goldens may be read from, written to and removed from: the project root and
   * `files.allowRoots` (default: `cwd`). A goldens folder outside them is refused.
   */
  roots?: FileRoots;
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
  if (opts.update) return updateGolden(result, opts, renames);
  if (result.status === 'error') return;
  const file = goldenFileOf(result, opts);
  const shown = path.relative(opts.cwd, file);
  const stored = await readGolden(file, shown);
  // A golden that cannot be read or is malformed was not compared: an error, never a pass.
  if (stored.kind === 'invalid') {
    result.assertions.push(invalidGoldenAssertion(shown, stored.errors));
    return;
  }
  if (stored.kind === 'absent') {
    // Like a snapshot test: asking for a comparison and having nothing to compare with fails.
    const legacy = legacyOf(file, renames);
    result.golden = { file: shown, status: 'missing', diffs: [] };
    result.assertions.push(missingGoldenAssertion(shown, legacy && path.relative(opts.cwd, legacy)));
    return;
  }
  const actual = (opts.redactor ?? new Redactor()).data(goldenTranscript(result));
  const diffs = compareGolden(stored.golden, actual, opts.text);
  const golden: GoldenComparison = { file: shown, status: diffs.length ? 'mismatched' : 'matched', diffs };
  result.golden = golden;
  result.assertions.push(goldenAssertion(golden));
}

/** The golden under its old file name (legacyGoldenOf) when only it exists. */
function legacyOf(file: string, renames: ReadonlyMap<string, string>): string | undefined {
  const old = renames.get(file);
  return old && existsSync(old) ? old : undefined;
}

/**
 * `--update-goldens`: records the transcript when it changed (or was only under its old name). A
 * malformed golden is written over (and says so); a path no regular file can be written to (a
 * FIFO: the write would block) is an error.
 */
async function updateGolden(
  result: ConversationResult,
  opts: GoldenOptions,
  renames: ReadonlyMap<string, string>,
): Promise<void> {
  if (result.status === 'error' || result.runIndex > 0) return;
  const file = goldenFileOf(result, opts);
  const shown = path.relative(opts.cwd, file);
  const stored = await readGolden(file, shown);
  if (stored.kind === 'invalid' && !stored.replaceable) {
    result.assertions.push(invalidGoldenAssertion(shown, stored.errors, true));
    return;
  }
  const legacy = stored.kind === 'absent' ? legacyOf(file, renames) : undefined;
  const before = legacy ? await readGolden(legacy, path.relative(opts.cwd, legacy)) : stored;
  const actual = (opts.redactor ?? new Redactor()).data(goldenTranscript(result));
  const changes = [
    ...(legacy ? [`renamed from ${path.relative(opts.cwd, legacy)}`] : []),
    ...changesSince(before, actual),
  ];
  if (changes.length) {
    // A folder leading out of the project is refused (store.ts): the golden is not recorded.
    const refused = await writeGolden(file, actual, undefined, opts.roots ?? [path.resolve(opts.cwd)]).then(
      () => undefined,
      (err: unknown) => (err as Error).message,
    );
    if (refused !== undefined) {
      result.assertions.push({
        matcher: 'golden',
        negated: false,
        status: 'error',
        message: `golden ${shown}: ${refused}`,
      });
      return;
    }
  }
  // The golden under its old name is removed only when it is one (never a symlink or another file).
  if (legacy && (await isGoldenFile(legacy, opts))) await rm(legacy, { force: true });
  result.golden = { file: shown, status: changes.length ? 'recorded' : 'unchanged', diffs: [], changes };
}

/** What recording `actual` changes in the golden found before it, one line per change. */
function changesSince(before: StoredGolden, actual: GoldenTranscript): string[] {
  if (before.kind === 'absent') return ['new golden'];
  if (before.kind === 'invalid') return [`replaced a malformed golden (${before.errors[0]!.message})`];
  const previous = before.golden;
  return [
    ...(previous.format === GOLDEN_FORMAT ? [] : [`golden format ${previous.format ?? 1} → ${GOLDEN_FORMAT}`]),
    ...summarizeDiffs(compareGolden(previous, actual, { mode: 'exact' })),
  ];
}

/** At most this many of a golden's problems are in its assertion's message (the rest counted). */
const SHOWN_PROBLEMS = 3;

/** A golden that could not be compared (`recording`: nor written over), with its first problems. */
function invalidGoldenAssertion(file: string, errors: SpecError[], recording = false): AssertionResult {
  const more = errors.length > SHOWN_PROBLEMS ? ` (+${errors.length - SHOWN_PROBLEMS} more)` : '';
  const problems =
    errors
      .slice(0, SHOWN_PROBLEMS)
      .map((e) => e.message)
      .join('; ') + more;
  const message = recording
    ? `golden ${file} cannot be recorded: ${problems}; remove it, and a regular file is written there`
    : `golden ${file} cannot be compared: ${problems}; fix it, or record it again with --update-goldens`;
  return { matcher: 'golden', negated: false, status: 'error', message };
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
