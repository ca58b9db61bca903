// A comparison in GitHub Actions: an `::error` annotation at each regressed conversation and a
// Markdown table for the job's step summary.
import type { ConversationComparison, RunComparison } from '../../model/comparison.js';
import { summaryCell as cell, escapeData, escapeProperty } from '../github.js';
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

function annotation(row: ConversationComparison, c: RunComparison): string {
  const where = row.loc ? `file=${escapeProperty(row.loc.file)},line=${row.loc.line},col=${row.loc.col},` : '';
  const message =
    `regressed: ${sideText(row.base)} → ${sideText(row.head)} (${points(row.difference)}, ` +
    `Holm-adjusted p=${pValue(row.adjustedPValue, c.settings.alpha)} < ${c.settings.alpha})` +
    (row.head.firstFailure ? `\nhead: ${row.head.firstFailure}` : '');
  return `::error ${where}title=${escapeProperty(`${row.name} regressed`)}::${escapeData(message)}`;
}

export function comparisonAnnotations(c: RunComparison): string[] {
  const lines = c.conversations.filter((r) => r.verdict === 'regressed').map((r) => annotation(r, c));
  if (c.suite.verdict === 'regressed') {
    lines.unshift(`::error title=${escapeProperty('suite regressed')}::${escapeData(suiteSentence(c))}`);
  }
  for (const w of c.warnings) lines.push(`::warning title=compare::${escapeData(w)}`);
  return lines;
}

export function comparisonSummary(c: RunComparison): string {
  const icon = { regressed: '❌', improved: '✅', unchanged: '➖', inconclusive: '❔' }[c.suite.verdict];
  const rows = c.conversations.filter(isListed);
  const counts = verdictCounts(c);
  const lines = [
    `## cxas-eval compare: ${icon} ${c.suite.verdict}`,
    '',
    `${cell(c.head.label)} (head) vs ${cell(c.base.label)} (base), ${c.suite.conversations} conversations: ` +
      cell(suiteSentence(c)),
    '',
    cell(powerSentence(c)),
    '',
    '| Verdict | Conversation | Base | Head | Change | p (Holm) | pass^k | Flip | First failure (head) |',
    '| --- | --- | ---: | ---: | ---: | ---: | --- | --- | --- |',
    ...rows.map(
      (r) =>
        `| ${verdictLabel(r)} | ${cell(r.specId)} | ${cell(sideText(r.base))} | ${cell(sideText(r.head))} | ` +
        `${points(r.difference)} | ${pValue(r.adjustedPValue, c.settings.alpha)} | ` +
        `${passHatKText(r)} | ${flipText(r)} | ` +
        `${cell(r.notComparedReason ? `not compared: ${r.notComparedReason}` : (r.head.firstFailure ?? ''))} |`,
    ),
    '',
    `Conversations: ${counts.regressed} regressed, ${counts.improved} improved, ${counts.inconclusive} inconclusive, ` +
      `${counts.unchanged} unchanged${notComparedText(counts)}; ` +
      'the table lists those that changed or flipped, and those whose test or checks changed.',
    ...onlyInLines(c).flatMap((l) => ['', cell(l.charAt(0).toUpperCase() + l.slice(1))]),
    '',
    ...c.warnings.map((w) => `> ⚠️ ${cell(w)}`),
  ];
  return `${lines.join('\n')}\n`;
}
