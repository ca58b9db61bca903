// The work of `cxas-eval platform push|run|pull` (wiring; the logic is in src/platform).
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import { Document } from 'yaml';
import { loadConfig, loadSpecs, projectRoots } from '../runner/index.js';
import type { SpecFile } from '../model/spec.js';
import {
  describeUse,
  PlatformClient,
  platformRun,
  pullEvaluations,
  pushSpecs,
  type PullReport,
  type PushReport,
} from '../platform/index.js';
import { CliError, EXIT } from './exit-codes.js';
import { choiceOption, intOption } from './option-values.js';
import { effectiveOptions, type EffectiveRunOptions } from '../library/index.js';
import { settingsOf } from './run-flags.js';
import { reportPlatformRun, writePlatformReports } from './platform-report.js';
import { interruptedPlatformRun } from './platform-failed.js';
import { interruptWhileWaiting, type WaitInterrupt } from './platform-interrupt.js';
import { platformSelection, selectedSpecs } from './platform-selection.js';
import { packagePath, TOOL_VERSION } from '../package-root.js';
import { MAX_TIMEOUT_MS } from '../model/timeout.js';

export interface PlatformFlags {
  config?: string;
  app?: string;
  endpoint?: string;
  insecure?: boolean;
  strict?: boolean;
  dryRun?: boolean;
  lossy?: boolean;
  tag?: string[];
  runCount?: string;
  goldenRunMethod?: string;
  toolCalls?: string;
  wait?: boolean;
  timeout?: string;
  pollInterval?: string;
  reporter?: string[];
  outputDir?: string;
  /** pull: replace existing files that differ from what is pulled. */
  force?: boolean;
}

interface Setup {
  opts: EffectiveRunOptions;
  client: PlatformClient;
  files?: SpecFile[];
  /** The specs' paths are relative to cwd; evaluation ids and spec markers to the project root. */
  specRoot: { cwd: string; root: string };
}

/** `--timeout`: the whole command's deadline, which every platform call honours (a `Date.now()` time). */
function deadlineOf(flags: PlatformFlags): number | undefined {
  const ms = durationOption('--timeout', flags.timeout, Infinity);
  return Number.isFinite(ms) ? Date.now() + ms : undefined;
}

/** `deadline`: asked once the config and specs are loaded, so --timeout counts from the first platform call. */
async function setup(
  flags: PlatformFlags,
  paths: string[] | undefined,
  deadline: () => number | undefined = () => deadlineOf(flags),
): Promise<Setup> {
  const cwd = process.cwd();
  const configResult = await loadConfig({ cwd, ...(flags.config ? { file: flags.config } : {}) });
  const { config, errors } = configResult;
  if (errors.length) throw new CliError(errors.map((e) => e.message).join('\n'));
  const { timeout: _t, ...runFlags } = flags;
  const opts = effectiveOptions(settingsOf(runFlags), config, process.env);
  // The project root (the config file's folder, else cwd), first of the roots spec paths may lead into.
  const roots = projectRoots(configResult, cwd);
  const specRoot = { cwd, root: roots[0]! };
  let files: SpecFile[] | undefined;
  if (paths) {
    // The config's settings of what a spec means or whether it loads, as `run` reads them: `match:`
    // (strict text is EQUALS, and what strict adds is refused), `limits:` on the files read, and the
    // run-wide `repeat:` (a passRate means something without a `repeat:` of its own).
    const loaded = await loadSpecs(paths.length ? paths : (config.specs ?? ['specs']), {
      cwd,
      roots,
      limits: opts.limits,
      ...(config.match ? { match: config.match } : {}),
      ...(opts.repeat ? { repeat: opts.repeat } : {}),
    });
    if (loaded.errors.length)
      throw new CliError(
        `${loaded.errors.map((e) => e.message).join('\n')}\n${loaded.errors.length} error(s); nothing was done.`,
      );
    files = loaded.files;
  }
  const app = opts.app ?? singleApp(files ?? []);
  if (!app)
    throw new CliError(
      'platform commands need an app: --app, `app:` in cxas-eval.config.yaml or the spec file, or CXAS_APP',
    );
  const deadlineMs = deadline();
  const client = new PlatformClient({
    app,
    insecure: opts.insecure,
    ...(opts.endpoint ? { endpoint: opts.endpoint } : {}),
    ...(opts.keyFile ? { credentials: { keyFile: opts.keyFile } } : {}),
    ...(deadlineMs !== undefined ? { deadlineMs } : {}),
  });
  return { opts, client, specRoot, ...(files ? { files } : {}) };
}

function singleApp(files: SpecFile[]): string | undefined {
  const apps = [...new Set(files.map((f) => f.app).filter((a): a is string => Boolean(a)))];
  if (apps.length > 1) throw new CliError(`the spec files target different apps (${apps.join(', ')}); pass --app`);
  return apps[0];
}

export async function pushCommand(paths: string[], flags: PlatformFlags): Promise<number> {
  const { opts, client, files, specRoot } = await setup(flags, paths);
  try {
    if (!files!.some((f) => f.conversations.length)) throw new CliError('no conversations to push (check paths)');
    // A run setting, not the spec's: platform run applies it (as `run` does), push does not write it.
    if (opts.repeat !== undefined)
      process.stderr.write(
        `cxas-eval: note: the config's repeat: ${opts.repeat} is not written into the evaluations; ` +
          `\`platform run\` with this config runs each of them ${opts.repeat} time(s), as \`run\` does\n`,
      );
    const report = await pushSpecs(files!, client, {
      specRoot,
      ...(flags.dryRun ? { dryRun: true } : {}),
      ...(flags.strict ? { strict: true } : {}),
      ...(flags.lossy ? { lossy: true } : {}),
    });
    process.stdout.write(pushText(report, Boolean(flags.dryRun)));
    return report.strictFailed ? EXIT.usage : EXIT.ok;
  } finally {
    client.close();
  }
}

/** The fidelity table as shipped (package.json `files`), from where the command runs: node_modules/… once installed. */
const fidelityDoc = (): string =>
  path.relative(process.cwd(), packagePath('docs', 'platform-fidelity.md')).split(path.sep).join('/');

function pushText(report: PushReport, dryRun: boolean): string {
  const lines: string[] = [];
  for (const e of report.entries) {
    const fields = e.action === 'update' ? ` (${e.changedFields.join(', ')})` : '';
    const pushes = e.action === 'create' || e.action === 'update';
    const action = dryRun && pushes ? `would ${e.action}` : e.action;
    lines.push(`${action.padEnd(14)} ${e.title}${fields}${e.reason ? ` — ${e.reason}` : ''}`);
    // --dry-run shows the whole fidelity table of each conversation; a push only what it loses.
    for (const u of dryRun ? e.constructs : e.losses)
      lines.push(`    ${u.carried ? 'carried' : pushes ? 'lost' : 'refused'}: ${describeUse(u)}`);
  }
  const count = (a: string) => report.entries.filter((e) => e.action === a).length;
  const lossy = report.entries.filter((e) => e.losses.length && e.action !== 'refused').length;
  lines.push(
    '',
    `${dryRun ? 'dry run: ' : ''}${count('create')} created, ${count('update')} updated, ` +
      `${count('unchanged')} unchanged, ${count('refused')} refused, ${count('skipped')} skipped` +
      `${report.expectationsCreated ? `; ${report.expectationsCreated} LLM expectation(s) created` : ''}` +
      `${lossy ? `; ${lossy} pushed with losses (--lossy)` : ''}`,
  );
  if (report.strictFailed)
    lines.push('--strict: nothing was pushed because some conversations cannot be carried exactly (listed above).');
  else if (count('refused') && !dryRun)
    lines.push(
      'Refused conversations were not pushed: the platform cannot check them as the spec means. ' +
        `--lossy pushes them anyway (the losses go into the description); ${fidelityDoc()} lists why.`,
    );
  return `${lines.join('\n')}\n`;
}

/** 15m, 90s, 500ms, 1h, or plain milliseconds. */
export function durationOption(flag: string, value: string | undefined, fallbackMs: number): number {
  if (value === undefined) return fallbackMs;
  const m = /^(\d+(?:\.\d+)?)(ms|s|m|h)?$/.exec(value.trim());
  const ms = m ? Number(m[1]) * ({ ms: 1, s: 1000, m: 60_000, h: 3_600_000 }[m[2] ?? 'ms'] ?? 1) : NaN;
  if (!(ms > 0)) throw new CliError(`${flag} must be a duration such as 15m, 90s or 500ms, got "${value}"`, EXIT.usage);
  if (ms > MAX_TIMEOUT_MS)
    throw new CliError(`${flag} must be at most ${MAX_TIMEOUT_MS} ms (about 24.8 days), got "${value}"`, EXIT.usage);
  return ms;
}

export async function runPlatformCommand(paths: string[], flags: PlatformFlags): Promise<number> {
  const runCount = intOption('--run-count', flags.runCount, 1, 1000);
  const goldenRunMethod = flags.goldenRunMethod
    ? choiceOption('--golden-run-method', flags.goldenRunMethod, ['stable', 'naive'] as const)
    : undefined;
  const toolCalls = flags.toolCalls
    ? choiceOption('--tool-calls', flags.toolCalls, ['fake', 'real'] as const)
    : undefined;
  const timeoutMs = durationOption('--timeout', flags.timeout, 15 * 60_000);
  const intervalMs = intOption('--poll-interval', flags.pollInterval, 1);
  // Every call ends by --timeout too, counted from the first one (the poll's own deadline is a little later).
  const startedAt = new Date();
  const {
    opts,
    client,
    files: given,
    specRoot,
  } = await setup(flags, paths.length ? paths : undefined, () => Date.now() + timeoutMs);
  let interrupt: WaitInterrupt | undefined;
  try {
    // What `run` selects with this config and flags: given specs narrowed here (by `run`'s plan),
    // else the app's evaluations by the same rules.
    const selection = platformSelection(opts);
    const files = given && selectedSpecs(given, selection);
    const failed = { timeoutMs, startedAt, wait: Boolean(flags.wait), ...(files ? { files } : {}) };
    const target = { app: client.app, endpoint: client.endpoint, emulator: false, apiVersion: 'v1beta' as const };
    // Only --wait waits (and writes reports); without it the command ends once the runs are started.
    const waiting = flags.wait
      ? interruptWhileWaiting(opts.outputDir, (signal, operations) =>
          writePlatformReports(opts, interruptedPlatformRun(signal, operations, failed, target)),
        )
      : undefined;
    interrupt = waiting;
    return await reportPlatformRun(
      opts,
      client,
      failed,
      (observer) =>
        platformRun(client, {
          ...(files ? { files, specRoot } : { selection }),
          ...(flags.lossy ? { lossy: true } : {}),
          // The config's failOnSkipped, as `run` applies it: a check the platform skipped fails CI.
          ...(opts.failOnSkipped ? { policy: { failOnSkipped: true } } : {}),
          // The config's repeat, as `run` applies it: every evaluation's run count (--run-count wins).
          ...(opts.repeat !== undefined ? { repeat: opts.repeat } : {}),
          wait: Boolean(flags.wait),
          timeoutMs,
          ...(runCount ? { runCount } : {}),
          ...(goldenRunMethod ? { goldenRunMethod } : {}),
          ...(toolCalls ? { toolCalls } : {}),
          ...(intervalMs ? { intervalMs } : {}),
          displayName: `cxas-eval ${new Date().toISOString()}`,
          onProgress: observer,
          ...(waiting ? { onStarted: (operation: string) => waiting.started(operation) } : {}),
          toolVersion: TOOL_VERSION,
          target,
        }),
      // With --wait, once: a signal during the writing lets it end rather than write a second set.
      (result) => waiting?.finalReports(() => writePlatformReports(opts, result)) ?? writePlatformReports(opts, result),
    );
  } finally {
    interrupt?.dispose();
    client.close();
  }
}

export async function pullCommand(flags: PlatformFlags): Promise<number> {
  const { client } = await setup(flags, undefined);
  try {
    const report = await pullEvaluations(client, { tags: flags.tag ?? [] });
    const outDir = path.resolve(flags.outputDir ?? 'pulled');
    const pulled = report.files.map((f) => ({ f, target: path.join(outDir, f.path), text: pulledText(f, outDir) }));
    const existing = await Promise.all(pulled.map((p) => readFile(p.target, 'utf8').catch(() => undefined)));
    if (!flags.force) refuseReplacing(pulled.filter((p, i) => existing[i] !== undefined && existing[i] !== p.text));
    for (const [i, { f, target, text }] of pulled.entries()) {
      const unchanged = existing[i] === text;
      if (!unchanged) {
        await mkdir(path.dirname(target), { recursive: true });
        await writeFile(target, text);
      }
      process.stdout.write(
        `${unchanged ? 'unchanged' : 'wrote'} ${path.relative(process.cwd(), target)} ` +
          `(${f.conversations.length} conversation${f.conversations.length === 1 ? '' : 's'})\n`,
      );
    }
    for (const n of report.notes) process.stdout.write(`  note: ${n}\n`);
    for (const s of report.skipped) process.stdout.write(`  not pulled: ${s}\n`);
    if (report.files.length === 0) throw new CliError('no golden evaluations to pull');
    return EXIT.ok;
  } finally {
    client.close();
  }
}

/** A pulled spec file's text: its header, then the app and the conversations. */
function pulledText(f: PullReport['files'][number], outDir: string): string {
  const doc = new Document({ app: f.app, conversations: f.conversations });
  doc.commentBefore = pulledHeader(f, path.relative(process.cwd(), outDir) || '.');
  return doc.toString({ lineWidth: 0 });
}

/**
 * A pulled file holds only the pulled conversations (a --tag selects some of a spec's): one that
 * would replace a different file there (the spec it was pushed from, pulled into the project)
 * would drop the rest, its comments and defaults. Nothing is written then, unless --force.
 */
function refuseReplacing(differing: ReadonlyArray<{ target: string }>): void {
  if (differing.length === 0) return;
  const files = differing.map((d) => path.relative(process.cwd(), d.target)).join(', ');
  throw new CliError(
    `platform pull: ${differing.length === 1 ? 'a file' : `${differing.length} files`} already there ` +
      `would be replaced by the pulled conversations alone: ${files}; nothing was written ` +
      '(--force replaces them; or pull into another --output-dir)',
    EXIT.usage,
  );
}

/**
 * A pulled file's header: what pushing it does. It promises the same evaluations back only for a
 * file at the spec path cxas-eval pushed from, and names what pull could not carry.
 */
function pulledHeader(f: PullReport['files'][number], outDir: string): string {
  const lines =
    f.origin === 'platform'
      ? [
          ` Pulled by cxas-eval from ${f.app}: evaluations not pushed by cxas-eval.`,
          ' Pushing this file creates new evaluations; it does not update the ones it was pulled from.',
        ]
      : [
          ` Pulled by cxas-eval from ${f.app}; push from ${outDir} to update the same evaluations` +
            (f.notes.length ? ', without what pull could not carry (below).' : '.'),
        ];
  return [...lines, ...f.notes.map((n) => ` note: ${n}`)].join('\n');
}
