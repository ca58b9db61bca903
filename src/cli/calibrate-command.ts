// The work of `cxas-eval judge calibrate`: load the config and every label file (any problem stops
// here, one line each), resolve the transcripts, judge each example (N times with --stability),
// summarize per criterion, print/write the chosen renderings and store each criterion's calibration
// under its fingerprint for the run gate (README "Calibrating the judge"), all of it masked by the
// config's `redact` like every other report.
import { mkdir, writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import {
  calibrationFloor,
  DEFAULT_CALIBRATION_DIR,
  judgeExamples,
  JUDGE_PROMPT_VERSION,
  loadLabels,
  resolveJudge,
  saveCalibration,
  shortfall,
  type CalibrationFloor,
  type Judge,
} from '../judge/index.js';
import type { CalibrationReport } from '../model/calibration.js';
import { Redactor, redactPatterns } from '../model/redact.js';
import { TOOL_VERSION } from '../package-root.js';
import { calibrationHtml, calibrationText } from '../reporters/index.js';
import { loadConfig, type CxasConfig } from '../runner/index.js';
import { withInputLimits } from '../validation/index.js';
import { historyDirOf } from '../library/index.js';
import { resolveExamples } from './calibrate-examples.js';
import { maskedCalibration } from './calibrate-mask.js';
import { criterionCalibrations } from './calibrate-stats.js';
import { CliError, EXIT } from './exit-codes.js';
import type { CalibrateFlags } from './judge.js';
import { choiceOption, intOption } from './option-values.js';

const RENDERINGS = ['console', 'json', 'html'] as const;

export async function calibrateCommand(labelFiles: string[], flags: CalibrateFlags): Promise<number> {
  const cwd = process.cwd();
  const renderings = flags.reporter.split(',').map((n) => choiceOption('--reporter', n.trim(), RENDERINGS));
  const repeats = intOption('--stability', flags.stability, 2, 1000) ?? 1;
  const resamples = intOption('--resamples', flags.resamples, 1, 1_000_000) ?? 2000;
  const seed = intOption('--seed', flags.seed, 0, 2 ** 31 - 1) ?? 1;
  const { config, errors: configErrors } = await loadConfig({ cwd, ...(flags.config ? { file: flags.config } : {}) });
  if (configErrors.length) return stop(configErrors.map((e) => e.message));
  // The label files and the runs they name are read under the config's `limits:`.
  const limited = <T>(work: () => Promise<T>) => withInputLimits(config.limits, work);
  const loaded = await limited(() => loadLabels(labelFiles.map((f) => path.relative(cwd, path.resolve(cwd, f)))));
  if (loaded.errors.length) return stop(loaded.errors.map((e) => e.message));
  const { examples, problems } = await limited(() => resolveExamples(loaded.labels, cwd, historyDirOf(config, cwd)));
  if (problems.length) return stop(problems);
  const redactor = new Redactor(redactPatterns(config.redact));
  const judge = judgeOf(config, flags, cwd, redactor);
  const judged = await judgeExamples(judge, examples, repeats);
  const identity = judge.identity();
  const unmasked: CalibrationReport = {
    kind: 'cxas-eval-calibration',
    version: 1,
    createdAt: new Date().toISOString(),
    toolVersion: TOOL_VERSION,
    judge: { promptVersion: JUDGE_PROMPT_VERSION, ...identity },
    labels: labelFiles,
    confidence: 0.95,
    resamples,
    seed,
    criteria: criterionCalibrations(judged, identity, { seed, resamples, repeats }),
  };
  const report = maskedCalibration(unmasked, redactor);
  await render(report, renderings, path.resolve(cwd, flags.outputDir));
  if (flags.store) await store(report, path.resolve(cwd, config.judge?.calibration?.dir ?? DEFAULT_CALIBRATION_DIR));
  return verdict(report, calibrationFloor(config.judge?.calibration));
}

function judgeOf(config: CxasConfig, flags: CalibrateFlags, cwd: string, redactor: Redactor): Judge {
  const setup = resolveJudge(config.judge, { noCache: !flags.cache }, process.env, {
    ...(config.app ? { app: config.app } : {}),
    ...(config.credentials?.keyFile ? { keyFile: config.credentials.keyFile } : {}),
    cwd,
    redact: (text) => redactor.text(text),
    warn: (m) => process.stderr.write(`cxas-eval: warning: ${m}\n`),
  });
  if (setup.kind !== 'ready') throw new CliError(`judge calibrate: ${setup.reason}`, EXIT.usage);
  return setup.judge;
}

async function render(report: CalibrationReport, renderings: readonly string[], outputDir: string): Promise<void> {
  if (renderings.includes('console')) process.stdout.write(calibrationText(report));
  if (renderings.includes('json') || renderings.includes('html')) await mkdir(outputDir, { recursive: true });
  if (renderings.includes('json'))
    await writeFile(path.join(outputDir, 'calibration.json'), `${JSON.stringify(report, null, 2)}\n`);
  if (renderings.includes('html')) await writeFile(path.join(outputDir, 'calibration.html'), calibrationHtml(report));
}

async function store(report: CalibrationReport, dir: string): Promise<void> {
  const calibratedAt = report.createdAt;
  for (const c of report.criteria) await saveCalibration(dir, { ...c, calibratedAt, labels: report.labels });
  process.stderr.write(`cxas-eval: stored ${report.criteria.length} calibration(s) in ${dir}\n`);
}

/**
 * Exit 1 when a criterion is below the floor (the judge failed on an example, too few labels, no κ, κ
 * too low): the run gate reads the same `shortfall` from the stored calibration and says the same.
 */
function verdict(report: CalibrationReport, floor: CalibrationFloor): number {
  let weak = 0;
  for (const c of report.criteria) {
    const why = shortfall(c, floor);
    if (why === undefined) continue;
    weak += 1;
    process.stderr.write(`cxas-eval: "${c.criterion}": ${why}\n`);
  }
  return weak ? EXIT.failed : EXIT.ok;
}

function stop(lines: string[]): number {
  for (const l of lines) process.stderr.write(`${l}\n`);
  process.stderr.write(`${lines.length} error${lines.length === 1 ? '' : 's'}; nothing was judged.\n`);
  return EXIT.usage;
}
