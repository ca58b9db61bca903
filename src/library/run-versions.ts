// `run --versions A,B`: one command runs the same plan against two versions of the agent and compares
// B (head) with A (base), as `run --baseline` does with a stored run. Against the emulator A and B are
// two app files; against CES they are two deployments of the app. Both sides run at the same time,
// each with half the concurrency and the conversations in the same order, so the i-th conversation
// of A and of B run side by side and a drift of the agent or its quota over time hits both alike.
// `reports/` holds B's full report set with the comparison; A's results.json is in `reports/base/`.
import * as path from 'node:path';
import { executeRun, type PlanOptions } from '../runner/index.js';
import { createReporter, RedactingObserver, removeReportFiles, ReporterMultiplexer } from '../reporters/index.js';
import { Redactor } from '../model/redact.js';
import type { RunResult } from '../model/result.js';
import type { SpecFile } from '../model/spec.js';
import { EXIT } from '../model/exit-codes.js';
import { RunInputError } from './errors.js';
import type { RunIO } from './io.js';
import { judgeFor, userModelFor } from './judge-options.js';
import { sharedRunRequest } from './run-request.js';
import { BASE_SIDE_DIR, type EffectiveRunOptions, type RunSettings } from './run-options.js';
import { openTarget, type Target } from './run-target.js';
import { collectIdentity } from './run-identity.js';

export interface Versions {
  /** Emulator app files, or deployments of the configured app. */
  kind: 'emulator' | 'deployment';
  base: string;
  head: string;
}

/** The other side of a `--versions` run, started with the head run and awaited before its reports. */
export interface VersusRun {
  baseLabel: string;
  headLabel: string;
  run(signals: { stop?: AbortSignal | undefined; abort?: AbortSignal | undefined }): Promise<RunResult>;
}

/**
 * `--versions A,B`: two distinct non-empty names; what they name depends on the target. `watch`:
 * the CLI's --watch, which a comparison of two versions cannot follow.
 */
export function parseVersions(
  flags: RunSettings & { watch?: boolean },
  opts: EffectiveRunOptions,
): Versions | undefined {
  if (flags.versions === undefined) return undefined;
  const parts = flags.versions.split(',').map((p) => p.trim());
  if (parts.length !== 2 || parts.some((p) => !p) || parts[0] === parts[1]) {
    throw new RunInputError(
      `--versions needs two different versions, A,B (base,head), got "${flags.versions}"`,
      EXIT.usage,
    );
  }
  for (const [flag, given] of [
    ['--baseline', flags.baseline],
    ['--replay', flags.replay],
    ['--watch', flags.watch],
    ['--update-goldens', flags.updateGoldens],
  ] as const) {
    if (given) throw new RunInputError(`--versions cannot be combined with ${flag}`, EXIT.usage);
  }
  if (flags.emulator)
    throw new RunInputError('--versions names the emulator app files itself: drop --emulator', EXIT.usage);
  // The emulator serves when no app is configured (as for a plain run); else the versions are deployments.
  const kind = opts.app || opts.endpoint ? 'deployment' : 'emulator';
  return { kind, base: parts[0]!, head: parts[1]! };
}

/** A conversation that names its own deployment would ignore the version under test: refused. */
export function checkDeployments(versions: Versions, files: readonly SpecFile[]): void {
  if (versions.kind !== 'deployment') return;
  const pinned = files.flatMap((f) => f.conversations).find((c) => c.deploymentId !== undefined);
  if (pinned) {
    throw new RunInputError(
      `${pinned.file}: "${pinned.name}" sets deploymentId, which would override --versions; remove it to compare`,
      EXIT.usage,
    );
  }
}

/** Each side gets half the concurrency, so the two together load the agent as one run would. */
export function halfConcurrency(opts: EffectiveRunOptions): EffectiveRunOptions {
  return { ...opts, concurrency: Math.max(1, Math.ceil(opts.concurrency / 2)) };
}

/** The run options of one side: its emulator app file, or its deployment. */
export function sideOptions(versions: Versions, side: 'base' | 'head', opts: EffectiveRunOptions): EffectiveRunOptions {
  const version = versions[side];
  return versions.kind === 'emulator' ? { ...opts, emulator: version } : { ...opts, deployment: version };
}

export function openVersion(
  versions: Versions,
  side: 'base' | 'head',
  opts: EffectiveRunOptions,
  files: readonly SpecFile[],
  cwd: string,
  env: RunIO['env'],
): Promise<Target> {
  return openTarget(sideOptions(versions, side, opts), files, cwd, {}, env);
}

/**
 * The base side: the same plan, its results.json (redacted like every report) in `<output>/base/`.
 * It honours the head run's stop and abort signals, so a Ctrl-C ends both sides.
 */
export function versusRun(
  versions: Versions,
  request: {
    files: readonly SpecFile[];
    plan: PlanOptions;
    target: Target;
    opts: EffectiveRunOptions;
    cwd: string;
    io: RunIO;
  },
): VersusRun {
  const { files, plan, target, opts, cwd, io } = request;
  return {
    baseLabel: versions.base,
    headLabel: versions.head,
    run: async ({ stop, abort }) => {
      const outputDir = path.join(path.resolve(cwd, opts.outputDir), BASE_SIDE_DIR);
      await removeReportFiles(outputDir);
      const json = await createReporter('json', { outputDir, cwd, ci: false, isTTY: false, env: io.env });
      const redactor = new Redactor(opts.redact);
      const observer = new RedactingObserver(new ReporterMultiplexer([json]), redactor);
      const outcome = await executeRun({
        ...sharedRunRequest(files, target, plan, opts, cwd, { stop, abort }),
        artifactsDir: outputDir,
        observer,
        redactor,
        judge: judgeFor(opts, target.info.app, cwd, redactor, io),
        userModel: userModelFor(opts, target.info.app, cwd, redactor, io),
        ...(opts.failOnSkipped ? { policy: { failOnSkipped: true } } : {}),
      });
      // What it tested (the base app file's hash, or its deployment), like the head's results.
      outcome.result.identity = await collectIdentity({ files, target, opts, cwd });
      await observer.onRunEnd(outcome.result);
      return outcome.result;
    },
  };
}
