// Reviewing verdicts in the page (issue 29 point 5, README "Reviewing verdicts"): each judge verdict and
// each simulation goal gets agree / disagree controls and a note; the labels are exported as a YAML
// file of schemas/labels.schema.json (disagreements first), the input of `cxas-eval judge calibrate`.
// This is the server side (the panel and its style); the controls and the export are the page
// script's (page/review.ts, page/labels-file.ts).

import type { RunResult } from '../../model/result.js';

/** Whether the run has anything to review: a judge verdict (passed or failed) or a graded goal. */
function reviewable(result: RunResult): boolean {
  const verdict = (a: { matcher: string; status: string }) =>
    a.matcher === 'judge' && (a.status === 'passed' || a.status === 'failed');
  return result.conversations.some(
    (c) =>
      c.assertions.some(verdict) ||
      c.turns.some((t) => t.assertions.some(verdict)) ||
      (c.simulation?.goals ?? []).some((g) => g.status === 'met' || g.status === 'not-met'),
  );
}

/** The panel above the conversations (the counts and the export), only when there is something to review. */
export function reviewPanel(result: RunResult): string {
  if (!reviewable(result)) return '';
  return (
    '<div class="panel" id="review"><h2>Review</h2>' +
    '<span id="review-count"></span> ' +
    '<label><input type="checkbox" id="review-inline"> write transcripts out (portable; otherwise labels name ' +
    'this run, found by <code>judge calibrate</code> in the run history)</label> ' +
    '<button id="review-export" type="button" disabled>Export labels (YAML)</button></div>'
  );
}

export const REVIEW_STYLE = `
#review { margin: 0 0 16px; font-size: 13px; } #review label { color: #57606a; margin: 0 8px; }
.rv { display: inline-flex; gap: 4px; align-items: center; margin-left: 8px; }
.rv button { font: inherit; font-size: 11px; padding: 0 6px; border: 1px solid #d0d7de; border-radius: 10px;
  background: #fff; cursor: pointer; color: #57606a; }
.rv button[aria-pressed="true"].agree { background: #dafbe1; color: #1a7f37; border-color: #1a7f37; }
.rv button[aria-pressed="true"].disagree { background: #ffebe9; color: #cf222e; border-color: #cf222e; }
.rv input { font: inherit; font-size: 11px; padding: 0 6px; border: 1px solid #d0d7de; border-radius: 6px; }
`;
