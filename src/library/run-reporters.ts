// The reporters of one run, set up the same way for `run` (run-once.ts) and `rescore`: the previous
// run's reports removed, each configured reporter created, the history's recorder beside them, and
// one redaction pass in front of all of them (the reporters behind it get no patterns).
import * as path from 'node:path';
import { Redactor } from '../model/redact.js';
import {
  createReporter,
  RedactingObserver,
  removeReportFiles,
  ReporterMultiplexer,
  type ReporterFailure,
} from '../reporters/index.js';
import { HistoryRecorder } from './run-history.js';
import type { RunIO } from './io.js';
import type { EffectiveRunOptions } from './run-options.js';

export interface RunReporters {
  /** The configured reporters and the history's observer; their failures are the run's reporter failures. */
  reporters: ReporterMultiplexer;
  /** Records the run in the history once its reports are written (`history.record()`). */
  history: HistoryRecorder;
  redactor: Redactor;
  /** What the run notifies: it redacts once, then hands on to `reporters`. */
  redacting: RedactingObserver;
}

export async function openRunReporters(
  opts: Pick<EffectiveRunOptions, 'reporters' | 'history' | 'redact'>,
  outputDir: string,
  cwd: string,
  io: RunIO,
): Promise<RunReporters> {
  await removeReportFiles(outputDir);
  const created = await Promise.all(
    opts.reporters.map((name) =>
      createReporter(name, {
        outputDir,
        cwd,
        ci: Boolean(io.env['CI']),
        isTTY: io.isTTY,
        env: io.env,
        stream: io.stream,
      }),
    ),
  );
  const history = new HistoryRecorder(opts.history, path.join(outputDir, 'results.json'), opts.reporters, cwd, io);
  const reporters = new ReporterMultiplexer([...created, history.observer]);
  const redactor = new Redactor(opts.redact);
  return { reporters, history, redactor, redacting: new RedactingObserver(reporters, redactor) };
}

/** Each reporter that failed, as a warning; returns them (they make the exit code non-zero). */
export function warnReporterFailures(reporters: ReporterMultiplexer, io: RunIO): readonly ReporterFailure[] {
  for (const f of reporters.failures) io.warn(`cxas-eval: reporter ${f.reporter} failed in ${f.hook}: ${f.error}\n`);
  return reporters.failures;
}
