// `platform run`'s reporting: progress on stderr, then the RunResult through the same reporters,
// redaction and exit codes as a local run.
import * as path from 'node:path';
import type { JsonObject } from '../model/json.js';
import { Redactor } from '../model/redact.js';
import type { PlatformClient, PlatformRunOutcome } from '../platform/index.js';
import { NotPushedError } from '../platform/index.js';
import { createReporter, RedactingObserver, ReporterMultiplexer } from '../reporters/index.js';
import { CliError, EXIT } from './exit-codes.js';
import type { EffectiveRunOptions } from './run-options.js';

export async function reportPlatformRun(
  opts: EffectiveRunOptions,
  client: PlatformClient,
  run: (onProgress: (r: JsonObject) => void) => Promise<PlatformRunOutcome>,
): Promise<number> {
  let outcome: PlatformRunOutcome;
  try {
    outcome = await run(progressPrinter());
  } catch (err) {
    if (err instanceof NotPushedError) throw new CliError(err.message, EXIT.usage);
    throw err;
  }
  if (outcome.kind === 'nothingSelected')
    throw new CliError(`no evaluations selected on ${client.app}: ${outcome.reason}`, EXIT.usage);
  if (outcome.kind === 'started') {
    process.stdout.write(
      `started ${outcome.operation} (${outcome.selected} evaluation${outcome.selected === 1 ? '' : 's'}); ` +
        'pass --wait to wait and report\n',
    );
    return EXIT.ok;
  }
  const cwd = process.cwd();
  const reporterOpts = {
    outputDir: path.resolve(cwd, opts.outputDir),
    cwd,
    ci: Boolean(process.env['CI']),
    isTTY: Boolean(process.stdout.isTTY),
    env: process.env,
  };
  const reporters = new ReporterMultiplexer(
    await Promise.all(opts.reporters.map((name) => createReporter(name as never, reporterOpts))),
  );
  const observer = new RedactingObserver(reporters, new Redactor(opts.redact));
  const { result } = outcome;
  await observer.onRunStart({
    runId: result.runId,
    startedAt: result.startedAt,
    target: result.target,
    total: result.conversations.length,
  });
  for (const c of result.conversations) {
    await observer.onConversationStart({
      id: c.id,
      specId: c.specId,
      name: c.name,
      file: c.file,
      runIndex: c.runIndex,
    });
    await observer.onConversationEnd(c);
  }
  result.errors.push(
    ...reporters.failures.map((f) => ({ code: 'REPORTER_FAILED', message: `${f.reporter}.${f.hook}: ${f.error}` })),
  );
  await observer.onRunEnd(result);
  for (const e of result.errors) process.stderr.write(`cxas-eval: ${e.code}: ${e.message}\n`);
  if (reporters.failures.length) return EXIT.failed;
  return result.status === 'passed' || result.status === 'skipped' ? EXIT.ok : EXIT.failed;
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
