// `judge calibrate` on the console: per criterion the agreement figures, the confusion matrix, the
// stability of repeated judgments, and every disagreement with the judge's reasoning.
import type { CalibrationReport, CriterionCalibration, CriterionStability } from '../../model/calibration.js';
import { defuseCommands, escapeLineBreaks } from '../one-line.js';

/** Criteria, labels, transcripts, the judge's reasoning: one line each, no control character. */
const plain = (text: string): string => escapeLineBreaks(text);

const fixed = (x: number | null, digits = 2): string => (x === null ? 'undefined' : x.toFixed(digits));
const percent = (x: number | null): string => (x === null ? '–' : `${(x * 100).toFixed(1)}%`);

export function calibrationText(report: CalibrationReport): string {
  const j = report.judge;
  const head =
    `judge calibration: ${j.backend} ${j.model}, temperature ${j.temperature}, samples ${j.samples}, ` +
    `prompt ${j.promptVersion}; ${report.criteria.length} criteria from ${plain(report.labels.join(', '))}`;
  // A line that starts with `::` would be a GitHub workflow command (one-line.ts).
  return defuseCommands([head, '', ...report.criteria.flatMap((c) => criterionLines(c, j.samples)), ''].join('\n'));
}

function criterionLines(c: CriterionCalibration, judgeSamples: number): string[] {
  const ci = c.kappaInterval
    ? ` (95% CI ${fixed(c.kappaInterval.low)} to ${fixed(c.kappaInterval.high)})`
    : c.kappaIntervalReason
      ? ` (${plain(c.kappaIntervalReason)})`
      : '';
  const m = c.confusion;
  const lines = [
    // A spec expectation with its own samples: is calibrated with them.
    `"${plain(c.criterion)}"${c.fingerprint.samples !== judgeSamples ? ` (samples ${c.fingerprint.samples})` : ''}`,
    `  n ${c.n}${c.errors ? ` (+${c.errors} judge errors, not counted)` : ''}, agreement ${percent(c.agreement)}, ` +
      `Cohen's κ ${fixed(c.kappa)}${ci}, balanced accuracy ${percent(c.balancedAccuracy)}`,
    `  confusion (human × judge): pass×pass ${m.passPass}, pass×fail ${m.passFail}, ` +
      `fail×pass ${m.failPass}, fail×fail ${m.failFail}`,
  ];
  if (c.stability) lines.push(...stabilityLines(c.stability));
  for (const d of c.disagreements) {
    const said = d.judge === 'error' ? 'judge error' : `judge ${d.judge}`;
    lines.push(`  ✗ ${plain(d.label)} ${plain(d.transcript)}: human ${d.human}, ${said}: ${plain(d.reasoning)}`);
    if (d.note) lines.push(`      note: ${plain(d.note)}`);
  }
  lines.push('');
  return lines;
}

function stabilityLines(s: CriterionStability): string[] {
  const lines = [
    `  stability: ${s.repeats} judgments of each of ${s.transcripts} transcripts; flip rate ${percent(s.flipRate)}, ` +
      `${s.unstable} transcript(s) with differing verdicts${s.errors ? `, ${s.errors} judge errors` : ''}`,
  ];
  for (const r of s.repeated) {
    const agent = r.verdictFollowsTranscript ? 'verdicts differ between transcripts (agent variance)' : 'same verdict';
    lines.push(
      `    ${plain(r.conversation)}: ${r.runs} runs, ${r.distinctTranscripts} distinct transcript(s), ${agent}; ` +
        `${r.sameTranscriptFlips} transcript(s) judged differently on the same text (judge variance)`,
    );
  }
  return lines;
}
