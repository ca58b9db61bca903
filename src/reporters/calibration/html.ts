// `judge calibrate --reporter html`: one self-contained page (no script, no external resource) with
// the same figures as the console, a table per criterion and its disagreements.
import type { CalibrationReport, CriterionCalibration } from '../../model/calibration.js';
import { escapeHtml as e } from '../html/escape.js';

const fixed = (x: number | null): string => (x === null ? 'undefined' : x.toFixed(2));
const percent = (x: number | null): string => (x === null ? '–' : `${(x * 100).toFixed(1)}%`);

const AGENT_VARIANCE = 'verdicts differ between transcripts (agent variance)';

const STYLE =
  'body{font:14px system-ui,sans-serif;margin:2em;color:#222}table{border-collapse:collapse;margin:.5em 0}' +
  'td,th{border:1px solid #ccc;padding:.25em .6em;text-align:left}section{margin-bottom:2em}' +
  '.low{color:#b00}.ok{color:#070}.reason{color:#555}';

export function calibrationHtml(report: CalibrationReport): string {
  const j = report.judge;
  return [
    '<!doctype html><html lang="en"><head><meta charset="utf-8">',
    `<title>Judge calibration</title><style>${STYLE}</style></head><body>`,
    '<h1>Judge calibration</h1>',
    `<p>${e(j.backend)} ${e(j.model)}, temperature ${j.temperature}, samples ${j.samples}, `,
    `prompt ${e(j.promptVersion)};`,
    ` labels: ${report.labels.map(e).join(', ')}; ${e(report.createdAt)}</p>`,
    ...report.criteria.map((c) => criterionSection(c, j.samples)),
    '</body></html>\n',
  ].join('');
}

function criterionSection(c: CriterionCalibration, judgeSamples: number): string {
  const m = c.confusion;
  const ci = c.kappaInterval
    ? `${fixed(c.kappaInterval.low)} to ${fixed(c.kappaInterval.high)}`
    : c.kappaIntervalReason
      ? e(c.kappaIntervalReason)
      : '–';
  const stability = c.stability
    ? `<p class="stability">Stability: ${c.stability.repeats} judgments of each of ${c.stability.transcripts} ` +
      `transcripts, flip rate ${percent(c.stability.flipRate)}, ${c.stability.unstable} unstable.</p>` +
      c.stability.repeated
        .map(
          (r) =>
            `<p>${e(r.conversation)}: ${r.runs} runs, ${r.distinctTranscripts} distinct transcript(s), ` +
            `${r.verdictFollowsTranscript ? AGENT_VARIANCE : 'same verdict'}; ` +
            `${r.sameTranscriptFlips} judged differently on the same transcript (judge variance)</p>`,
        )
        .join('')
    : '';
  const rows = c.disagreements
    .map(
      (d) =>
        `<tr><td>${e(d.label)}</td><td>${e(d.transcript)}</td><td>${d.human}</td><td>${d.judge}</td>` +
        `<td class="reason">${e(d.reasoning)}${d.note ? `<br>note: ${e(d.note)}` : ''}</td></tr>`,
    )
    .join('');
  return [
    // A spec expectation with its own samples: is calibrated with them.
    `<section class="criterion"><h2>${e(c.criterion)}</h2>`,
    c.fingerprint.samples !== judgeSamples ? `<p>samples ${c.fingerprint.samples}</p>` : '',
    '<table class="figures"><tr><th>n</th><th>errors</th><th>agreement</th><th>Cohen\'s κ</th><th>95% CI</th>',
    '<th>balanced accuracy</th></tr>',
    `<tr><td>${c.n}</td><td>${c.errors}</td><td>${percent(c.agreement)}</td><td class="kappa">${fixed(c.kappa)}</td>`,
    `<td>${ci}</td><td>${percent(c.balancedAccuracy)}</td></tr></table>`,
    '<table class="confusion"><tr><th>human \\ judge</th><th>pass</th><th>fail</th></tr>',
    `<tr><th>pass</th><td>${m.passPass}</td><td>${m.passFail}</td></tr>`,
    `<tr><th>fail</th><td>${m.failPass}</td><td>${m.failFail}</td></tr></table>`,
    stability,
    rows
      ? '<h3>Disagreements</h3><table class="disagreements"><tr><th>label</th><th>transcript</th><th>human</th>' +
        `<th>judge</th><th>judge's reasoning</th></tr>${rows}</table>`
      : '<p>No disagreements.</p>',
    '</section>',
  ].join('');
}
