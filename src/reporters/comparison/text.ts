// `cxas-eval compare` and `run --baseline` in the terminal: the suite verdict, then a table of the
// conversations that changed (regressed first), then what the comparison could and could not see.
import pc from 'picocolors';
import type { ConversationComparison, ConversationVerdict, RunComparison } from '../../model/comparison.js';
import {
  flipText,
  isListed,
  passHatKText,
  points,
  powerSentence,
  pValue,
  notComparedText,
  onlyInLines,
  sideText,
  suiteSentence,
  verdictCounts,
  verdictLabel,
} from './figures.js';
import { defuseCommands, escapeLineBreaks } from '../one-line.js';

/** Names, labels and failure texts come from specs and agents: one line each, no control character. */
const plain = (text: string): string => escapeLineBreaks(text);

const COLOURS: Record<ConversationVerdict, (s: string) => string> = {
  regressed: pc.red,
  improved: pc.green,
  inconclusive: pc.yellow,
  unchanged: pc.dim,
  'inputs-changed': pc.yellow,
  'checks-differ': pc.yellow,
  'not-run': pc.yellow,
};

function table(rows: string[][]): string[] {
  const widths = (rows[0] ?? []).map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length)));
  return rows.map((r) =>
    r
      .map((cell, i) => cell.padEnd(widths[i] ?? 0))
      .join('  ')
      .trimEnd(),
  );
}

function rowCells(row: ConversationComparison, alpha: number): string[] {
  return [
    verdictLabel(row),
    plain(row.specId),
    sideText(row.base),
    sideText(row.head),
    points(row.difference),
    pValue(row.adjustedPValue, alpha),
    passHatKText(row),
    flipText(row),
  ];
}

function failureLines(row: ConversationComparison): string[] {
  const lines: string[] = [];
  if (row.notComparedReason) lines.push(`      not compared: ${plain(row.notComparedReason)}`);
  if (row.base.firstFailure) lines.push(`      base: ${plain(row.base.firstFailure)}`);
  if (row.head.firstFailure) lines.push(`      head: ${plain(row.head.firstFailure)}`);
  return lines;
}

export interface ComparisonTextOptions {
  /** List every conversation, not only those that changed or flipped (or whose test or checks changed). */
  all?: boolean;
}

export function comparisonText(c: RunComparison, options: ComparisonTextOptions = {}): string {
  const colour = COLOURS[c.suite.verdict];
  const lines = [
    `Compared ${plain(c.head.label)} (head) with ${plain(c.base.label)} (base): ` +
      `${c.suite.conversations} conversations in both`,
    `  suite ${colour(c.suite.verdict)}: ${suiteSentence(c)}`,
    `  ${powerSentence(c)}`,
  ];
  const shown = c.conversations.filter((r) => options.all || isListed(r));
  if (shown.length) {
    const header = ['verdict', 'conversation', 'base', 'head', 'change', 'p (Holm)', 'pass^k', 'flip'];
    const [head, ...body] = table([header, ...shown.map((row) => rowCells(row, c.settings.alpha))]);
    lines.push('', `  ${pc.bold(head ?? '')}`);
    body.forEach((text, i) => {
      const row = shown[i] as ConversationComparison;
      lines.push(`  ${COLOURS[row.verdict](text)}`, ...failureLines(row));
    });
  }
  const counts = verdictCounts(c);
  lines.push(
    '',
    `  conversations: ${counts.regressed} regressed, ${counts.improved} improved, ` +
      `${counts.inconclusive} inconclusive, ${counts.unchanged} unchanged${notComparedText(counts)}` +
      (shown.length < c.conversations.length && !options.all ? ' (--all lists every one)' : ''),
  );
  lines.push(...onlyInLines(c).map((l) => `  ${plain(l)}`));
  for (const w of c.warnings) lines.push(pc.yellow(`  warning: ${plain(w)}`));
  // A line that starts with `::` would be a GitHub workflow command (one-line.ts).
  return `${defuseCommands(lines.join('\n'))}\n`;
}
