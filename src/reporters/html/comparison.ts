// The "Compared with <run>" panel of a run made with `--baseline` (or `--versions`): the suite
// verdict, the conversations that changed (regressions first), and for each flipped conversation
// its two transcripts side by side with the words that differ marked.
import type { ConversationComparison, RunComparison, TranscriptLine } from '../../model/comparison.js';
import type { RunResult } from '../../model/result.js';
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
} from '../comparison/figures.js';
import { escapeHtml } from './escape.js';
import { wordDiff } from './words.js';

function row(r: ConversationComparison, alpha: number): string {
  const cells = [
    verdictLabel(r),
    r.specId,
    sideText(r.base),
    sideText(r.head),
    points(r.difference),
    pValue(r.adjustedPValue, alpha),
    passHatKText(r),
    flipText(r),
    r.notComparedReason ? `not compared: ${r.notComparedReason}` : (r.head.firstFailure ?? r.base.firstFailure ?? ''),
  ];
  return `<tr class="cmp-${r.verdict}">${cells.map((c) => `<td>${escapeHtml(c)}</td>`).join('')}</tr>`;
}

/** One transcript line on each side: what only the base said is struck out, what only the head said marked. */
function lineCells(base: TranscriptLine | undefined, head: TranscriptLine | undefined): string {
  const parts = wordDiff(base?.text ?? '', head?.text ?? '');
  const side = (keep: '-' | '+', tag: 'del' | 'ins'): string =>
    parts
      .filter(([op]) => op === '=' || op === keep)
      .map(([op, text]) => (op === '=' ? escapeHtml(text) : `<${tag}>${escapeHtml(text)}</${tag}>`))
      .join('');
  const label = (l: TranscriptLine | undefined): string => (l ? `<b>${l.role}</b> ` : '');
  return `<td>${label(base)}${side('-', 'del')}</td><td>${label(head)}${side('+', 'ins')}</td>`;
}

function transcripts(r: ConversationComparison, baseLabel: string): string {
  if (!r.transcripts) return '';
  const { base, head } = r.transcripts;
  const lines = Array.from({ length: Math.max(base.length, head.length) }, (_, i) => lineCells(base[i], head[i]));
  return (
    `<details class="cmp-flip" open><summary>${escapeHtml(`${r.specId}: ${flipText(r)}`)}</summary>` +
    `<table class="golden"><tr><th>${escapeHtml(baseLabel)} (base)</th><th>this run (head)</th></tr>` +
    `${lines.map((l) => `<tr>${l}</tr>`).join('')}</table></details>`
  );
}

export function comparisonPanel(result: RunResult): string {
  const c: RunComparison | undefined = result.comparison;
  if (!c) return '';
  const shown = c.conversations.filter(isListed);
  const counts = verdictCounts(c);
  const header = ['Verdict', 'Conversation', 'Base', 'Head', 'Change', 'p (Holm)', 'pass^k', 'Flip', 'First failure'];
  return (
    `<div class="panel" id="comparison"><h2>Compared with ${escapeHtml(c.base.label)}</h2>` +
    `<p><b class="cmp-${c.suite.verdict}">Suite ${escapeHtml(c.suite.verdict)}</b>: ` +
    `${escapeHtml(suiteSentence(c))}</p>` +
    `<p>${escapeHtml(powerSentence(c))}</p>` +
    c.warnings.map((w) => `<div class="err">warning: ${escapeHtml(w)}</div>`).join('') +
    `<p>${counts.regressed} regressed, ${counts.improved} improved, ${counts.inconclusive} inconclusive, ` +
    `${counts.unchanged} unchanged${escapeHtml(notComparedText(counts))}; ` +
    'listed: those that changed or flipped, and those whose test or checks changed.</p>' +
    onlyInLines(c)
      .map((l) => `<p>${escapeHtml(l)}</p>`)
      .join('') +
    (shown.length
      ? `<table class="golden"><tr>${header.map((h) => `<th>${h}</th>`).join('')}</tr>` +
        `${shown.map((r) => row(r, c.settings.alpha)).join('')}</table>`
      : '') +
    shown.map((r) => transcripts(r, c.base.label)).join('') +
    '</div>'
  );
}
