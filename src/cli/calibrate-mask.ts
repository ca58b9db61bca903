// `judge calibrate` masks its report with the config's `redact` like every other report, field by
// field: what people wrote (criteria, label files and places, transcript names, the judge's
// reasoning, notes) is masked; what the tool writes (the timestamp, verdicts, figures, the judge's
// identity: prompt version, backend, model) is kept. The report is not a run result, so the result
// model's walk (model/redact.ts, which masks any key it does not know) would mangle those: a
// `\d{4}` pattern turned `createdAt` into `[REDACTED]-06-12…` and `gemini-2.5-flash` into a stale
// fingerprint. A new text field of CalibrationReport must be added here.
import type {
  CalibrationExample,
  CalibrationReport,
  CriterionCalibration,
  CriterionStability,
} from '../model/calibration.js';
import type { Redactor } from '../model/redact.js';

type Mask = (text: string) => string;

/**
 * The report as the console, calibration.{json,html} and the stored calibrations hold it. Each
 * criterion keeps the key of its real fingerprint, which the run gate looks calibrations up by.
 */
export function maskedCalibration(report: CalibrationReport, redactor: Redactor): CalibrationReport {
  if (!redactor.active) return report;
  const mask: Mask = (text) => redactor.text(text);
  return { ...report, labels: report.labels.map(mask), criteria: report.criteria.map((c) => maskedCriterion(c, mask)) };
}

function maskedCriterion(c: CriterionCalibration, mask: Mask): CriterionCalibration {
  return {
    ...c,
    criterion: mask(c.criterion),
    fingerprint: { ...c.fingerprint, criterion: mask(c.fingerprint.criterion) },
    disagreements: c.disagreements.map((d) => maskedExample(d, mask)),
    ...(c.stability ? { stability: maskedStability(c.stability, mask) } : {}),
  };
}

function maskedExample(e: CalibrationExample, mask: Mask): CalibrationExample {
  return {
    ...e,
    label: mask(e.label),
    transcript: mask(e.transcript),
    reasoning: mask(e.reasoning),
    ...(e.note !== undefined ? { note: mask(e.note) } : {}),
  };
}

function maskedStability(s: CriterionStability, mask: Mask): CriterionStability {
  return { ...s, repeated: s.repeated.map((r) => ({ ...r, conversation: mask(r.conversation) })) };
}
