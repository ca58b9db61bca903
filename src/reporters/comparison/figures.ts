// Numbers of a comparison as short text, shared by the console, GitHub and HTML renderings.
import type {
  ComparisonSide,
  ConversationComparison,
  ConversationVerdict,
  NotCompared,
  RunComparison,
} from '../../model/comparison.js';

function percent(rate: number | null): string {
  return rate === null || Number.isNaN(rate) ? '–' : `${(rate * 100).toFixed(1)}%`;
}

/** A change in percentage points with its sign: `+4.0 pt`, `−12.5 pt`. */
export function points(change: number | null): string {
  if (change === null || Number.isNaN(change)) return '–';
  const value = (Math.abs(change) * 100).toFixed(1);
  return `${change < 0 ? '−' : '+'}${value} pt`;
}

/** Past this many decimals a p-value is told from alpha by a sign instead (`<0.05`, `≥0.05`). */
const MOST_P_DIGITS = 10;

/**
 * A p-value to three decimals (`<0.001` below that), with as many more as it takes for the printed
 * number to fall on the same side of `alpha` as p itself: a significant 0.04977 at alpha 0.05 reads
 * 0.0498, never 0.050, and a non-significant p never reads below alpha. Small p-values keep two
 * significant digits when alpha itself is that small.
 */
export function pValue(p: number | null, alpha: number): string {
  if (p === null || Number.isNaN(p)) return '–';
  const significant = p < alpha;
  if (p < 0.001 && alpha > 0.001) return '<0.001';
  // Two significant digits at least: 0.00047, not 0.000.
  const first = p > 0 ? Math.max(3, Math.ceil(-Math.log10(p)) + 1) : 3;
  for (let digits = first; digits <= MOST_P_DIGITS; digits++) {
    const text = p.toFixed(digits);
    if (Number(text) < alpha === significant) return text;
  }
  return significant ? `<${alpha}` : `≥${alpha}`;
}

/** `3/5 60.0% [23.1–88.2]` */
export function sideText(side: ComparisonSide): string {
  if (side.runs === 0) return 'not run';
  const ci = side.interval ? ` [${(side.interval.low * 100).toFixed(1)}–${(side.interval.high * 100).toFixed(1)}]` : '';
  return `${side.passed}/${side.runs} ${percent(side.passRate)}${ci}`;
}

export function passHatKText(row: ConversationComparison): string {
  const f = (v: number | null): string => (v === null ? '–' : v.toFixed(2));
  return `pass^${row.k} ${f(row.base.passHatK)}→${f(row.head.passHatK)}`;
}

export function flipText(row: ConversationComparison): string {
  return row.flipped ? `${row.base.status}→${row.head.status}` : '';
}

/** The suite in one sentence: difference, interval, test and verdict. */
export function suiteSentence(c: RunComparison): string {
  const s = c.suite;
  const level = `${(c.settings.confidence * 100).toFixed(0)}% CI`;
  const ci = s.interval
    ? `${level} ${points(s.interval.low)} to ${points(s.interval.high)}, bootstrap`
    : s.conversations < 2
      ? 'too few conversations for an interval'
      : s.difference === 0
        ? "no interval: no conversation's pass rate changed"
        : 'no interval: every conversation changed by the same amount';
  const name = {
    'mcnemar-exact': `exact McNemar (${s.passedToFailed}↓ ${s.failedToPassed}↑)`,
    'permutation-exact': 'exact permutation test',
    'permutation-monte-carlo': `permutation test (${c.settings.resamples} draws)`,
    'paired-t': 'paired t-test',
    'sign-flip-exact': 'exact sign-flip test',
  }[s.test];
  const test = s.pValue === null ? 'too few conversations to test' : `${name} p=${pValue(s.pValue, c.settings.alpha)}`;
  return `${percent(s.baseRate)} → ${percent(s.headRate)} (${points(s.difference)}; ${ci}); ${test}`;
}

/** What the design could detect, and what it would take to detect a change of `mde`. */
export function powerSentence(c: RunComparison): string {
  const s = c.suite;
  const mde =
    s.minimumDetectableChange === null ? 'no change' : `a change of ${points(s.minimumDetectableChange).slice(1)}`;
  const { mde: wanted } = c.settings;
  const target = points(wanted).slice(1);
  const need =
    s.repeatsToDetect === null
      ? `no number of repeats detects ${target} with ${s.conversations} conversations: add conversations`
      : `${s.repeatsToDetect} repeats per conversation would detect ${target}`;
  return `could detect ${mde} (alpha ${c.settings.alpha}, power ${c.settings.power}); ${need}`;
}

/**
 * How each reason a conversation was not compared reads, alone and in the count line, and whether
 * its row is listed even when its status did not flip (a changed test needs a look; a conversation
 * skipped on both sides does not).
 */
const NOT_COMPARED: Record<NotCompared, { label: string; count: string; listed: boolean }> = {
  'inputs-changed': { label: 'inputs changed', count: 'inputs changed (the test changed: not compared)', listed: true },
  'checks-differ': {
    label: 'checks differ',
    count: 'checks differ (one side skipped expectations the other evaluated)',
    listed: true,
  },
  'not-run': { label: 'not run', count: 'not run (no finished run in base or head)', listed: false },
};

/** The rows a table lists without --all: those that changed or flipped, and those whose test or checks changed. */
export function isListed(row: ConversationComparison): boolean {
  const why = notComparedOf(row);
  return (
    row.verdict === 'regressed' || row.verdict === 'improved' || row.flipped || (!!why && NOT_COMPARED[why].listed)
  );
}

/**
 * Why a conversation was not compared, if it was not: its verdict says so (results of schema 4 and
 * before said `inconclusive` for a conversation with no finished run on a side: it is `not-run`).
 */
function notComparedOf(row: ConversationComparison): NotCompared | undefined {
  if (row.verdict in NOT_COMPARED) return row.verdict as NotCompared;
  return row.base.runs === 0 || row.head.runs === 0 ? 'not-run' : undefined;
}

/** The verdict cell of a conversation's row: its verdict, or why it was not compared (`not run`). */
export function verdictLabel(row: ConversationComparison): string {
  const why = notComparedOf(row);
  return why ? NOT_COMPARED[why].label : row.verdict;
}

/**
 * The conversations by verdict: those compared (they add up to the suite's `conversations`), and
 * apart those not compared, by reason.
 */
export function verdictCounts(c: RunComparison): Record<ConversationVerdict, number> {
  const counts: Record<ConversationVerdict, number> = {
    regressed: 0,
    improved: 0,
    inconclusive: 0,
    unchanged: 0,
    'inputs-changed': 0,
    'checks-differ': 0,
    'not-run': 0,
  };
  for (const row of c.conversations) counts[notComparedOf(row) ?? row.verdict] += 1;
  return counts;
}

/** `, 2 not run (no finished run in base or head)` for each reason with conversations. */
export function notComparedText(counts: Record<ConversationVerdict, number>): string {
  return (Object.keys(NOT_COMPARED) as NotCompared[])
    .filter((why) => counts[why] > 0)
    .map((why) => `, ${counts[why]} ${NOT_COMPARED[why].count}`)
    .join('');
}

/** How many spec ids are listed by name after "only in base/head" (the rest are counted). */
const ONLY_IN_NAMED = 5;

/**
 * `only in base: 2 (a, b)`, `only in head: 7 (c, d, e, f, g, …)`: the conversations of one run
 * only, which no verdict covers; none when both runs have the same conversations.
 */
export function onlyInLines(c: RunComparison): string[] {
  const line = (side: string, ids: readonly string[]): string => {
    const named = [...ids.slice(0, ONLY_IN_NAMED), ...(ids.length > ONLY_IN_NAMED ? ['…'] : [])];
    return `only in ${side}: ${ids.length} (${named.join(', ')})`;
  };
  return [
    ...(c.onlyInBase.length ? [line('base', c.onlyInBase)] : []),
    ...(c.onlyInHead.length ? [line('head', c.onlyInHead)] : []),
  ];
}
