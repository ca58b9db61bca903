// Stored calibrations of the judge (README "Calibrating the judge"): one JSON file per criterion and
// judge configuration, named by the SHA-256 of its fingerprint (criterion text, prompt version,
// backend, model, temperature, samples). `judge calibrate` writes them; every run reads them to say,
// for each judge verdict, whether its criterion is calibrated, and with `judge.calibration.require`
// turns a judge expectation without a fresh calibration at or above the floor (and without judge
// errors) into an error.
import { createHash } from 'node:crypto';
import { mkdir, readdir, readFile, rename, writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import {
  kappaWithoutInterval,
  type CalibrationFingerprint,
  type CalibrationStatus,
  type CriterionCalibration,
} from '../model/calibration.js';
import type { CalibrationConfig } from '../model/config.generated.js';
import { canonicalJson, type JsonValue } from '../model/json.js';
import { JUDGE_PROMPT_VERSION } from './prompt.js';

export const DEFAULT_CALIBRATION_DIR = '.cxas-eval/calibration';
/** "Substantial" agreement on Landis & Koch's (1977) scale. */
const DEFAULT_MIN_KAPPA = 0.6;
/**
 * Below ~30 examples κ's 95% interval is wider than ±0.2 (its standard error is about
 * √(p₀(1−p₀)/n)/(1−pₑ)), so a κ of 1.0 from a handful of labels says next to nothing.
 */
const DEFAULT_MIN_LABELS = 30;

/** The gate's floors (README "Calibrating the judge"), defaults filled in. */
export interface CalibrationFloor {
  minKappa: number;
  minLabels: number;
}

export function calibrationFloor(config: CalibrationConfig = {}): CalibrationFloor {
  return { minKappa: config.minKappa ?? DEFAULT_MIN_KAPPA, minLabels: config.minLabels ?? DEFAULT_MIN_LABELS };
}

/**
 * Why a criterion's calibration does not clear the floor (undefined when it does). `judge calibrate`
 * (its exit code) and the run gate both ask this, so they never disagree. Examples the judge failed on
 * are no agreement and no disagreement: κ over the rest says nothing about how the judge does on them.
 */
export function shortfall(
  c: Pick<CriterionCalibration, 'kappa' | 'kappaInterval' | 'kappaIntervalReason' | 'n' | 'errors'>,
  { minKappa, minLabels }: CalibrationFloor,
): string | undefined {
  const stats = kappaText(c);
  if (c.errors > 0)
    return (
      `${stats}: the judge failed on ${c.errors} of ${c.n + c.errors} labelled example(s) ` +
      '(judge calibrate again once it answers)'
    );
  if (c.n < minLabels) return `${stats}: ${c.n} labelled example(s), fewer than minLabels ${minLabels}`;
  if (c.kappa === null) return `${stats}: kappa is undefined`;
  if (c.kappa < minKappa) return `${stats} is below minKappa ${minKappa}`;
  return undefined;
}

/** `judge.calibration` in cxas-eval.config.yaml (schemas/config.schema.json). */
export type { CalibrationConfig };

export interface StoredCalibration extends CriterionCalibration {
  calibratedAt: string;
  labels: string[];
}

/** The judge a verdict came from: everything of the fingerprint but the criterion. */
export interface JudgeIdentity {
  backend: string;
  model: string;
  temperature: number;
  samples: number;
}

export function fingerprintOf(criterion: string, judge: JudgeIdentity): CalibrationFingerprint {
  const { backend, model, temperature, samples } = judge;
  return { criterion, promptVersion: JUDGE_PROMPT_VERSION, backend, model, temperature, samples };
}

export function fingerprintKey(f: CalibrationFingerprint): string {
  return createHash('sha256')
    .update(canonicalJson(f as unknown as JsonValue))
    .digest('hex');
}

/**
 * Written to a temp file and renamed, so a reader never sees half a file. `judge calibrate` stores it
 * masked (criterion, reasoning, notes), keeping the key of the real criterion's fingerprint.
 */
export async function saveCalibration(dir: string, c: StoredCalibration): Promise<string> {
  await mkdir(dir, { recursive: true });
  const file = path.join(dir, `${c.fingerprintKey}.json`);
  const tmp = `${file}.${process.pid}.tmp`;
  await writeFile(tmp, `${JSON.stringify(c, null, 2)}\n`);
  await rename(tmp, file);
  return file;
}

/** Every stored calibration; a missing folder is none, an unreadable file is skipped with a warning. */
async function readCalibrations(dir: string, warn?: (m: string) => void): Promise<StoredCalibration[]> {
  const names = await readdir(dir).catch(() => [] as string[]);
  const read = await Promise.all(
    names
      .filter((n) => /^[0-9a-f]{64}\.json$/.test(n))
      .map(async (n) => {
        try {
          return JSON.parse(await readFile(path.join(dir, n), 'utf8')) as StoredCalibration;
        } catch (err) {
          warn?.(`calibration ${path.join(dir, n)} is unreadable (${(err as Error).message}); ignored`);
          return undefined;
        }
      }),
  );
  return read
    .filter((c): c is StoredCalibration => c !== undefined && typeof c.fingerprintKey === 'string')
    .map(withoutVacuousInterval);
}

/**
 * A calibration stored before κ's interval was withheld where a rater gave one class only (κ is 0
 * by construction there) still has one: read it as it is now written, with the reason instead.
 */
function withoutVacuousInterval(c: StoredCalibration): StoredCalibration {
  if (c.kappa === null || typeof c.confusion !== 'object' || c.confusion === null) return c;
  const reason = kappaWithoutInterval(c.confusion);
  return reason === undefined ? c : { ...c, kappaInterval: null, kappaIntervalReason: reason };
}

/** Reads the stored calibrations once (on the first verdict) and answers each criterion's status. */
export class CalibrationGate {
  readonly floor: CalibrationFloor;
  readonly require: boolean;
  private stored: Promise<StoredCalibration[]> | undefined;

  constructor(
    private readonly dir: string,
    config: CalibrationConfig = {},
    private readonly warn?: (m: string) => void,
    /** The config's `redact`: a stored calibration holds its criterion masked (its key is the real one's). */
    private readonly redact?: (text: string) => string,
  ) {
    this.floor = calibrationFloor(config);
    this.require = config.require ?? false;
  }

  async status(criterion: string, judge: JudgeIdentity): Promise<CalibrationStatus> {
    this.stored ??= readCalibrations(this.dir, this.warn);
    const all = await this.stored;
    const wanted = fingerprintOf(criterion, judge);
    const key = fingerprintKey(wanted);
    const found = all.find((c) => c.fingerprintKey === key);
    const { minKappa, minLabels } = this.floor;
    if (!found) {
      const shown = this.redact ? this.redact(criterion) : criterion;
      const other = all.find((c) => c.criterion === shown);
      const why = other
        ? `its calibration is stale (${changes(other.fingerprint, wanted)}): run cxas-eval judge calibrate again`
        : 'no calibration for this criterion and judge (cxas-eval judge calibrate)';
      return { calibrated: false, summary: `not calibrated: ${why}`, minKappa, minLabels };
    }
    const figures = {
      kappa: found.kappa,
      kappaInterval: found.kappaInterval,
      ...(found.kappaIntervalReason !== undefined && { kappaIntervalReason: found.kappaIntervalReason }),
      n: found.n,
      calibratedAt: found.calibratedAt,
      minKappa,
      minLabels,
    };
    const why = shortfall(found, this.floor);
    if (why !== undefined) return { calibrated: false, summary: `not calibrated: ${why}`, ...figures };
    const stats = kappaText(found);
    return { calibrated: true, summary: `calibrated: ${stats}`, ...figures };
  }
}

/** `κ 0.82 (95% CI 0.71–0.90, n 48)`, or `κ 0.00 (no interval: every human label is pass, …; n 40)`. */
function kappaText(c: Pick<CriterionCalibration, 'kappa' | 'kappaInterval' | 'kappaIntervalReason' | 'n'>): string {
  const k = c.kappa === null ? 'undefined' : c.kappa.toFixed(2);
  const ci = c.kappaInterval
    ? `95% CI ${c.kappaInterval.low.toFixed(2)}–${c.kappaInterval.high.toFixed(2)}, `
    : c.kappaIntervalReason
      ? `${c.kappaIntervalReason}; `
      : '';
  return `κ ${k} (${ci}n ${c.n})`;
}

function changes(from: CalibrationFingerprint, to: CalibrationFingerprint): string {
  const keys = ['promptVersion', 'backend', 'model', 'temperature', 'samples'] as const;
  return keys
    .filter((k) => from[k] !== to[k])
    .map((k) => `${k} ${String(from[k])} → ${String(to[k])}`)
    .join(', ');
}
