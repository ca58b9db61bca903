// Goldens: `--update-goldens` records each conversation's normalized transcript; runs that ask
// for goldens compare against it: a mismatch fails the conversation with a readable diff, and so
// does a missing golden (like a snapshot test, locally and in CI alike).
import * as path from 'node:path';
import type { AssertionResult, ConversationResult, GoldenComparison } from '../../model/result.js';
import { compareGolden, summarizeDiffs, type TextComparator } from './compare.js';
import { goldenPath, readGolden, writeGolden } from './store.js';
import { GOLDEN_FORMAT, goldenTranscript } from './transcript.js';
import { Redactor } from '../../model/redact.js';

export { compareGolden } from './compare.js';
export { goldenPath, writeGolden } from './store.js';
export { goldenTranscript } from './transcript.js';
export { obsoleteGoldens, removeGoldens } from './inventory.js';

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

/** Compares (or records) one finished conversation: sets `result.golden` and adds a `golden` assertion. */
export async function applyGolden(result: ConversationResult, opts: GoldenOptions): Promise<void> {
  if (result.status === 'skipped' || result.status === 'interrupted') return;
  const redactor = opts.redactor ?? new Redactor();
  const file = goldenFileOf(result, opts);
  const shown = path.relative(opts.cwd, file);
  const previous = await readGolden(file);
  const actual = redactor.data(goldenTranscript(result));
  if (opts.update) {
    if (result.status === 'error' || result.runIndex > 0) return;
    const changes = !previous
      ? ['new golden']
      : [
          ...(previous.format === GOLDEN_FORMAT ? [] : [`golden format ${previous.format ?? 1} → ${GOLDEN_FORMAT}`]),
          ...summarizeDiffs(compareGolden(previous, actual, { mode: 'exact' })),
        ];
    if (changes.length) await writeGolden(file, actual);
    result.golden = { file: shown, status: changes.length ? 'recorded' : 'unchanged', diffs: [], changes };
    return;
  }
  if (result.status === 'error') return;
  if (!previous) {
    // Like a snapshot test: asking for a comparison and having nothing to compare with fails.
    result.golden = { file: shown, status: 'missing', diffs: [] };
    result.assertions.push(missingGoldenAssertion(shown));
    return;
  }
  const diffs = compareGolden(previous, actual, opts.text);
  const golden: GoldenComparison = { file: shown, status: diffs.length ? 'mismatched' : 'matched', diffs };
  result.golden = golden;
  result.assertions.push(goldenAssertion(golden));
}

/** The message a missing golden fails with (also the hint to record it). */
const MISSING_GOLDEN = 'no golden recorded: run with --update-goldens';

function missingGoldenAssertion(file: string): AssertionResult {
  return { matcher: 'golden', negated: false, status: 'failed', message: `${MISSING_GOLDEN} (${file})` };
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
