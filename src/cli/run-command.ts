// The work of `cxas-eval run`, loaded only when the command runs (start-up stays fast).
import { mkdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { executeRun, loadConfig, loadSpecs, type PlanOptions } from '../runner/index.js';
import { createReporter, RedactingObserver, ReporterMultiplexer, type Reporter } from '../reporters/index.js';
import { Redactor } from '../model/redact.js';
import type { ConversationResult } from '../model/result.js';
import type { SpecFile } from '../model/spec.js';
import { summarize } from '../model/summary.js';
import { CliError, EXIT } from './exit-codes.js';
import { effectiveOptions, type EffectiveRunOptions, type RunFlags } from './run-options.js';
import { openTarget, type Target } from './run-target.js';
import { failOnSkipped, judgeFor } from './judge-options.js';
import { installInterrupt } from './interrupt.js';
import { lastFailedIds, selectionFilter } from './run-selection.js';
import { listLines } from './run-list.js';
import { watchSpecs } from './watch.js';

export async function runCommand(paths: string[], flags: RunFlags): Promise<number> {
  const cwd = process.cwd();
  const { config, errors: configErrors } = await loadConfig({ cwd, ...(flags.config ? { file: flags.config } : {}) });
  if (configErrors.length) return reportErrors(configErrors);
  const opts = effectiveOptions(flags, config, process.env);
  if (opts.updateGoldens && process.env['CI'] && !flags.force) {
    throw new CliError('refusing to --update-goldens under CI (CI is set); review goldens locally, or pass --force');
  }
  const plan = await planOptions(opts, flags, cwd);
  const specPaths = paths.length ? paths : config.specs ?? ['specs'];
  const { files, errors } = await loadSpecs(specPaths, { cwd, ...(config.match ? { match: config.match } : {}) });
  if (errors.length) return reportErrors(errors);
  if (flags.list) {
    process.stdout.write(`${listLines(files, plan).join('\n')}\n`);
    return EXIT.ok;
  }
  if (flags.lastFailed && plan.filter && !files.some((f) => f.conversations.some(plan.filter!))) {
    process.stdout.write(`No failed or errored conversations in ${path.join(opts.outputDir, 'results.json')}: nothing to re-run.\n`);
    return EXIT.ok;
  }
  const target = await openTarget(opts, files);
  try {
    const code = await runOnce(files, plan, target, opts, cwd);
    if (!flags.watch) return code;
    const ignore = [opts.outputDir, opts.goldensDir].map((d) => path.resolve(cwd, d));
    return await watchSpecs({ paths: specPaths, cwd, ...(config.match ? { match: config.match } : {}), files, firstCode: code, ignore, run: (changed) => runOnce(changed, plan, target, opts, cwd) });
  } finally {
    await target.close();
  }
}

async function planOptions(opts: EffectiveRunOptions, flags: RunFlags, cwd: string): Promise<PlanOptions> {
  const lastFailed = flags.lastFailed ? await lastFailedIds(path.resolve(cwd, opts.outputDir)) : undefined;
  const filter = selectionFilter({
    ...(opts.grep !== undefined ? { grep: opts.grep } : {}),
    ...(flags.grepInvert !== undefined ? { grepInvert: flags.grepInvert } : {}),
    ...(lastFailed ? { lastFailed } : {}),
  });
  return {
    ...(filter ? { filter } : {}), tags: opts.tags, excludeTags: opts.excludeTags,
    ...(opts.shard ? { shard: opts.shard } : {}), ...(opts.repeat ? { repeat: opts.repeat } : {}),
  };
}

/** One run of `files` with fresh reporters; the exit code it deserves. */
async function runOnce(files: readonly SpecFile[], plan: PlanOptions, target: Target, opts: EffectiveRunOptions, cwd: string): Promise<number> {
  const finished: ConversationResult[] = [];
  // Conversations that finished are kept for a forced exit (second Ctrl-C) as well as reported.
  const keepFinished: Reporter = { name: 'finished', onConversationEnd: (r) => void finished.push(r) };
  const created = await Promise.all(opts.reporters.map((name) => createReporter(name as never, reporterOptions(opts, cwd))));
  const reporters = new ReporterMultiplexer([keepFinished, ...created]);
  // One redaction pass before anything is written; the reporters behind it get no patterns.
  const redactor = new Redactor(opts.redact);
  const observer = new RedactingObserver(reporters, redactor);
  const interrupt = installInterrupt(opts.timeoutMs, () => forcedExit(finished, opts, target.info.app));
  try {
    const outcome = await executeRun({
      files, sessions: target.sessions, target: target.info, cwd, plan,
      concurrency: opts.concurrency, retries: opts.retries, timeoutMs: opts.timeoutMs,
      ...(opts.maxFailures ? { maxFailures: opts.maxFailures } : {}),
      goldens: { goldensDir: opts.goldensDir, cwd, update: opts.updateGoldens, text: opts.golden },
      stopSignal: interrupt.stop, abortSignal: interrupt.abort, artifactsDir: path.resolve(cwd, opts.outputDir),
      observer, redactor, judge: judgeFor(opts, target.info.app, cwd, redactor),
    });
    // Tool tests (ToolService.ExecuteTool) join the same result, after the conversations.
    const { runToolTestsOfRun } = await import('./run-tools.js');
    await runToolTestsOfRun(files, opts, plan, target, outcome.result, observer);
    if (outcome.result.conversations.length === 0) {
      throw new CliError(outcome.selected === 0 ? 'no conversations selected (check paths, --grep and --tag)' : `shard ${opts.shard?.index}/${opts.shard?.total} has no conversations (${outcome.selected} selected in all)`);
    }
    if (opts.failOnSkipped) failOnSkipped(outcome.result);
    outcome.result.errors.push(...reporters.failures.map((f) => ({ code: 'REPORTER_FAILED', message: `${f.reporter}.${f.hook}: ${f.error}` })));
    await observer.onRunEnd(outcome.result);
    if (reporters.failures.length) {
      for (const f of reporters.failures) process.stderr.write(`cxas-eval: reporter ${f.reporter} failed in ${f.hook}: ${f.error}\n`);
      return outcome.result.interrupted ? EXIT.interrupted : EXIT.failed;
    }
    if (outcome.result.interrupted) return EXIT.interrupted;
    return outcome.result.status === 'passed' || outcome.result.status === 'skipped' ? EXIT.ok : EXIT.failed;
  } finally {
    interrupt.dispose();
  }
}

function reporterOptions(opts: EffectiveRunOptions, cwd: string) {
  return { outputDir: path.resolve(cwd, opts.outputDir), cwd, ci: Boolean(process.env['CI']), isTTY: Boolean(process.stdout.isTTY), env: process.env };
}

function reportErrors(errors: Array<{ message: string }>): number {
  for (const e of errors) process.stderr.write(`${e.message}\n`);
  process.stderr.write(`${errors.length} error${errors.length === 1 ? '' : 's'}; nothing was run.\n`);
  return EXIT.usage;
}

/** Second Ctrl-C: keep what finished (JSON only, synchronously), then leave at once. */
function forcedExit(finished: ConversationResult[], opts: EffectiveRunOptions, app: string | undefined): never {
  const dir = path.resolve(opts.outputDir);
  try {
    mkdirSync(dir, { recursive: true });
    const partial = { partial: true, app, interrupted: true, summary: summarize(finished), conversations: finished };
    writeFileSync(path.join(dir, 'results.partial.json'), JSON.stringify(partial, null, 2));
    process.stderr.write(`\nExiting now; ${finished.length} finished conversation(s) saved to ${path.join(opts.outputDir, 'results.partial.json')}\n`);
  } finally {
    process.exit(EXIT.interrupted);
  }
}
