// `platform run`'s reporting: progress on stderr, then the RunResult through the same reporters,
// redaction and exit codes as a local run.
import * as path from 'node:path';
import type { JsonObject } from '../model/json.js';
import type { ErrorInfo, RunResult } from '../model/result.js';
import { Redactor } from '../model/redact.js';
import type { PlatformClient, PlatformRunOutcome } from '../platform/index.js';
import { NotPushedError } from '../platform/index.js';
import { createReporter, RedactingObserver, removeReportFiles, ReporterMultiplexer } from '../reporters/index.js';
import { CliError, EXIT, runExitCode } from './exit-codes.js';
import { CesError } from '../client/index.js';
import { failedPlatformRun, type PlatformRunContext } from './platform-failed.js';
import { factsOf, finalizeRun } from '../model/finalize.js';
import { inEndOrder, runEndRevision, withRunErrors, type EffectiveRunOptions } from '../library/index.js';

/** `write`: how the final reports are written (`--wait`: once, whatever signal comes; platform-interrupt.ts). */
export async function reportPlatformRun(
  opts: EffectiveRunOptions,
  client: PlatformClient,
  context: PlatformRunContext,
  run: (onProgress: (r: JsonObject) => void) => Promise<PlatformRunOutcome>,
  write: (result: RunResult) => Promise<number> = (result) => writePlatformReports(opts, result),
): Promise<number> {
  let outcome: PlatformRunOutcome;
  try {
    outcome = await run(progressPrinter());
  } catch (err) {
    if (err instanceof NotPushedError) throw new CliError(err.message, EXIT.usage);
    // --wait promised reports: a platform that timed out or failed still gets them, every conversation an error.
    if (!(err instanceof CesError) || !context.wait) throw err;
    const target = { app: client.app, endpoint: client.endpoint, emulator: false, apiVersion: 'v1beta' as const };
    return write(failedPlatformRun(err, context, target));
  }
  if (outcome.kind === 'nothingSelected')
    throw new CliError(`no evaluations selected on ${client.app}: ${outcome.reason}`, EXIT.usage);
  for (const r of outcome.refused) process.stderr.write(`cxas-eval: not run on the platform, refused by push: ${r}\n`);
  for (const o of outcome.overridden)
    process.stderr.write(`cxas-eval: warning: ${o}; its verdict may differ from a local run\n`);
  if (outcome.kind === 'started') {
    process.stdout.write(
      `started ${outcome.operation} (${outcome.selected} evaluation${outcome.selected === 1 ? '' : 's'}); ` +
        'pass --wait to wait and report\n',
    );
    // Runs that started are reported above; a group the platform refused to start fails the command.
    for (const n of outcome.notStarted) process.stderr.write(`cxas-eval: not started on the platform ${n}\n`);
    return outcome.notStarted.length ? EXIT.failed : EXIT.ok;
  }
  // The same coverage section as a local run: the app's inventory against the replayed turns.
  if (opts.coverage) await addPlatformCoverage(opts, client, outcome.result);
  return write(outcome.result);
}

/**
 * The RunResult through the configured reporters (redacted), the run errors on stderr; the exit code.
 * The previous run's reports go first, as a local run's do, so none that is not configured now stays.
 */
export async function writePlatformReports(opts: EffectiveRunOptions, built: RunResult): Promise<number> {
  const cwd = process.cwd();
  const outputDir = path.resolve(cwd, opts.outputDir);
  await removeReportFiles(outputDir);
  const reporterOpts = {
    outputDir,
    cwd,
    ci: Boolean(process.env['CI']),
    isTTY: Boolean(process.stdout.isTTY),
    env: process.env,
    reporters: [...opts.reporters],
  };
  const redactor = new Redactor(opts.redact);
  // As a local run's (run-reporters.ts): a reporter failing at the end is a run error of the later reports.
  const endErrors: ErrorInfo[] = [];
  const reporters = new ReporterMultiplexer(
    await Promise.all(inEndOrder(opts.reporters).map((name) => createReporter(name, reporterOpts))),
    runEndRevision(redactor, endErrors),
  );
  const observer = new RedactingObserver(reporters, redactor);
  await observer.onRunStart({
    runId: built.runId,
    startedAt: built.startedAt,
    target: built.target,
    total: built.conversations.length,
  });
  for (const c of built.conversations) {
    await observer.onConversationStart({
      id: c.id,
      specId: c.specId,
      name: c.name,
      file: c.file,
      runIndex: c.runIndex,
    });
    await observer.onConversationEnd(c);
  }
  // Reporters that failed so far join the run errors: the result is built again by the one builder.
  const result = reporters.failures.length
    ? finalizeRun({ ...factsOf(built), errors: [...built.errors, ...reporters.runErrors()] })
    : built;
  await observer.onRunEnd(result);
  const reported = withRunErrors(result, endErrors);
  for (const e of reported.errors) process.stderr.write(`cxas-eval: ${e.code}: ${e.message}\n`);
  return runExitCode(reported, reporters.failures.length);
}

/** One stderr line per change of state or progress. */
function progressPrinter(): (run: JsonObject) => void {
  let last = '';
  return (run) => {
    const p = (run['progress'] as JsonObject | undefined) ?? {};
    const n = (k: string) => Number(p[k] ?? 0);
    const line =
      `platform run ${String(run['name']).split('/').pop()}: ${String(run['state'])}` +
      ` ${n('completedCount') + n('errorCount') + n('cancelledCount')}/${n('totalCount')}` +
      ` (${n('passedCount')} passed, ${n('failedCount')} failed, ${n('errorCount')} error)`;
    if (line !== last) process.stderr.write(`${line}\n`);
    last = line;
  };
}

/** Lists the app's inventory over AgentService (as a local run does) and computes coverage; a failure is a warning. */
async function addPlatformCoverage(
  opts: EffectiveRunOptions,
  client: PlatformClient,
  result: RunResult,
): Promise<void> {
  const [{ Sessions }, { listInventory, liveCoverage }] = await Promise.all([
    import('../client/index.js'),
    import('../library/index.js'),
  ]);
  const sessions = new Sessions({
    appName: client.app,
    endpoint: client.endpoint,
    insecure: opts.insecure,
    ...(opts.keyFile ? { credentials: { keyFile: opts.keyFile } } : {}),
  });
  try {
    result.coverage = liveCoverage(await listInventory(sessions), result);
  } finally {
    sessions.close();
  }
  if ('unavailable' in result.coverage)
    process.stderr.write(`cxas-eval: warning: coverage not computed: ${result.coverage.unavailable}\n`);
}
