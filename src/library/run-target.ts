// Decides what a run talks to: real CES (an app is configured) or the bundled emulator
// (no app anywhere, or --emulator), and builds the Sessions client for it.
import { isCesEndpoint, Sessions } from '../client/index.js';
import type { RunningEmulator } from '../emulator/index.js';
import type { RunTarget } from '../model/result.js';
import type { RunIdentity, RunReference } from '../model/identity.js';
import type { SessionsPort } from '../runner/index.js';
import { replaySessions } from '../runner/index.js';
import { Redactor } from '../model/redact.js';
import { resolveRunArgument } from './run-ref.js';
import * as path from 'node:path';
import type { SpecFile } from '../model/spec.js';
import type { EffectiveRunOptions } from './run-options.js';
import { RunInputError, RunLoadError } from './errors.js';
import { DEMO_APP } from '../package-root.js';
import { withInputLimits } from '../validation/index.js';
import { childNameProblem } from '../model/resource-names.js';
import { describeLocation } from '../model/location.js';
import { EXIT } from '../model/exit-codes.js';

/** The demo app ships with the package, so `cxas-eval run` works out of the box anywhere. */

export interface Target {
  sessions: SessionsPort;
  /** The live client (CES or the emulator); absent under `run --replay`, where nothing is called. */
  client?: Sessions;
  info: RunTarget;
  emulator?: RunningEmulator;
  /** `run --replay`: the stored run that answers, and what it tested. */
  replay?: { from: RunReference; identity?: RunIdentity };
  close(): Promise<void>;
}

/**
 * What a target must serve beyond sessions. By default what `files` use (the emulator then starts
 * no WebSocket bridge for a suite without speech, and no ToolService without tool tests); a target
 * that outlives them (`run --watch`, where specs change under it) serves everything.
 */
export interface TargetUse {
  lasting?: boolean;
}

/**
 * The target for these options; an emulator app (and its transcripts) is read under `opts.limits`.
 * `env`: where the CES client finds `CXAS_OAUTH_TOKEN` (the run's `io.env`, as the judge's).
 */
export function openTarget(
  opts: EffectiveRunOptions,
  files: readonly SpecFile[],
  cwd: string,
  use: TargetUse = {},
  env: Env = process.env,
): Promise<Target> {
  return withInputLimits(opts.limits, () => open(opts, files, cwd, use, env));
}

type Env = Readonly<Record<string, string | undefined>>;

/** A conversation that speaks or sends speech goes over BidiRunSession (the emulator's WebSocket bridge). */
const speaks = (file: SpecFile): boolean =>
  file.conversations.some((c) => c.modality === 'audio' || c.turns.some((t) => t.input.kind === 'audio'));

async function open(
  opts: EffectiveRunOptions,
  files: readonly SpecFile[],
  cwd: string,
  use: TargetUse,
  env: Env,
): Promise<Target> {
  if (opts.replay !== undefined) return openReplay(opts.replay, opts, cwd);
  const emulator = (): Promise<Target> =>
    openEmulator(emulatorApp(opts.emulator, cwd), opts, {
      toolTests: use.lasting === true || files.some((f) => f.toolTests?.length),
      audio: use.lasting === true || files.some(speaks),
    });
  // The emulator serves its own app whatever the spec files' `app:` say: they are not asked to agree.
  if (opts.emulator) return emulator();
  const specApps = [...new Set(files.map((f) => f.app).filter((a): a is string => Boolean(a)))];
  const app = opts.app ?? singleApp(specApps);
  if (!app && !opts.endpoint) return emulator();
  if (!app)
    throw new RunInputError(
      'an --endpoint was given but no app: set --app, `app:` in cxas-eval.config.yaml or the spec file, or CXAS_APP',
    );
  refuseForeignDeployments(app, opts, files);
  const websocketEndpoint = websocketEndpointOf(opts, files.some(speaks));
  const sessions = new Sessions({
    appName: app,
    apiVersion: opts.apiVersion,
    insecure: opts.insecure,
    ...(opts.endpoint ? { endpoint: opts.endpoint } : {}),
    ...(websocketEndpoint ? { websocketEndpoint } : {}),
    ...(opts.keyFile ? { credentials: { keyFile: opts.keyFile } } : {}),
    env,
    ...(opts.audio ? { audio: opts.audio } : {}),
    ...(opts.deployment ? { deploymentId: opts.deployment } : {}),
  });
  return {
    sessions,
    client: sessions,
    info: { app, endpoint: opts.endpoint ?? 'ces.googleapis.com:443', emulator: false, apiVersion: opts.apiVersion },
    close: async () => sessions.close(),
  };
}

/**
 * A deployment given as the full name of another app's would run that app, not this one: refused
 * before anything runs (the loader refuses one against its file's own `app:`; this is against the
 * run's app), naming where it was written.
 */
function refuseForeignDeployments(app: string, opts: EffectiveRunOptions, files: readonly SpecFile[]): void {
  const problem = (deployment: string, what: string) => childNameProblem('deployments', deployment, what, app);
  const versions = opts.deployment !== undefined ? problem(opts.deployment, 'deployment') : undefined;
  if (versions) throw new RunInputError(`--versions: ${versions}`, EXIT.usage);
  for (const c of files.flatMap((f) => f.conversations)) {
    const found = c.deploymentId ? problem(c.deploymentId, 'deploymentId') : undefined;
    if (found) throw new RunInputError(`${describeLocation(c.loc)} "${c.name}": ${found}`, EXIT.usage);
  }
}

/** How a refusal names the setting: `what` is the value it wants. */
const wsSetting = (what: string): string => `--ws-endpoint ${what} (or \`websocketEndpoint:\` in the config)`;

/**
 * The WebSocket bridge audio goes to against an endpoint: the one given, else CES's own
 * (wss://ces.googleapis.com, the client's default) when the endpoint is CES's. Any other endpoint
 * has no documented bridge (docs/protocol.md), so a suite that speaks is refused before it runs,
 * naming the setting, rather than streaming its audio (and token) to a host nobody asked for.
 */
function websocketEndpointOf(opts: EffectiveRunOptions, speaks: boolean): string | undefined {
  const ws = opts.websocketEndpoint;
  if (ws !== undefined) {
    if (ws.startsWith('ws://') && !opts.insecure)
      throw new RunInputError(
        `the WebSocket endpoint ${ws} (--ws-endpoint, \`websocketEndpoint:\`) is plaintext, and the run's ` +
          'credentials would go over it unencrypted: use wss://, or --insecure for a local server',
      );
    return ws;
  }
  if (!speaks) return undefined;
  if (opts.insecure)
    throw new RunInputError(
      `audio conversations with --insecure need ${wsSetting('ws://HOST:PORT')}: the WebSocket bridge of the ` +
        `server at ${opts.endpoint ?? 'the endpoint'} (\`cxas-eval emulator\` prints it on its "ws" line)`,
    );
  if (opts.endpoint !== undefined && !isCesEndpoint(opts.endpoint))
    throw new RunInputError(
      `audio conversations over --endpoint ${opts.endpoint} need ${wsSetting('wss://HOST')}: only ` +
        "ces.googleapis.com's WebSocket bridge is documented, so none is guessed for another host",
    );
  return undefined;
}

/** The emulator app file and how its problems name it. */
interface EmulatorApp {
  file: string;
  shown: string;
}

/**
 * The app file under the run's cwd, not the process's: the library's `run({ cwd })` may be called
 * from anywhere, and the run's identity hashes the file under cwd (run-identity.ts). Its problems
 * name it as it was given (relative to cwd, as spec errors name theirs).
 */
function emulatorApp(given: string | undefined, cwd: string): EmulatorApp {
  const file = path.resolve(cwd, given ?? DEMO_APP);
  return { file, shown: given ?? file };
}

/** A problem located at `/abs/app.yaml:line:col` with the file as `app.shown`. */
function shownProblem(problem: string, app: EmulatorApp): string {
  return problem.startsWith(`${app.file}:`) ? app.shown + problem.slice(app.file.length) : problem;
}

async function openEmulator(
  app: EmulatorApp,
  opts: EffectiveRunOptions,
  serve: { toolTests: boolean; audio: boolean },
): Promise<Target> {
  // Loaded only when it serves the run: a run against an endpoint never needs the emulator.
  const { startEmulator } = await import('../emulator/index.js');
  // ToolService (and its protos) only when tool tests need it, the WebSocket bridge only for speech:
  // each adds start-up time. Only this process talks to it: gRPC on a private Unix socket rather than
  // a TCP port anyone local can reach. The WebSocket bridge of a speaking suite is still a loopback TCP
  // port without a token (README: the emulator listens on 127.0.0.1).
  const started = startEmulator({
    app: app.file,
    platform: serve.toolTests,
    websocket: serve.audio,
    privateSocket: true,
  });
  const emulator = await started.catch((err: unknown) => {
    // An invalid (or missing) app file is a load problem like an invalid spec: a RunLoadError with
    // every problem in `problems`, one a line (a message ending "(and 2 more)" hides what to fix).
    if ((err as { code?: string }).code === 'EMULATOR_APP_INVALID')
      throw new RunLoadError((err as { problems: string[] }).problems.map((p) => shownProblem(p, app)));
    throw err;
  });
  // Offline by default against the emulator: speech is synthesised with espeak-ng unless configured.
  const audio = { synthesizer: 'espeak' as const, pacing: 'fast' as const, ...opts.audio };
  const sessions = new Sessions({
    appName: emulator.appName,
    endpoint: emulator.address,
    insecure: true,
    apiVersion: opts.apiVersion,
    websocketEndpoint: emulator.wsUrl,
    audio,
  });
  return {
    sessions,
    client: sessions,
    emulator,
    info: { app: emulator.appName, endpoint: emulator.address, emulator: true, apiVersion: opts.apiVersion },
    close: async () => {
      sessions.close();
      await emulator.stop();
    },
  };
}

function singleApp(apps: string[]): string | undefined {
  if (apps.length > 1)
    throw new RunInputError(
      `the selected spec files target different apps (${apps.join(', ')}); run them separately or pass --app`,
    );
  return apps[0];
}

/** The recorded agent of a stored run, served in-process (src/runner/run/replay.ts): nothing is called. */
async function openReplay(ref: string, opts: EffectiveRunOptions, cwd: string): Promise<Target> {
  const stored = await resolveRunArgument(ref, { cwd, historyDir: path.resolve(cwd, opts.historyDir) });
  const recorded = stored.result;
  return {
    // Audio turns replay the WAVs the recorded run saved beside its reports.
    sessions: await replaySessions(recorded, { audioDir: stored.reportDir, redactor: new Redactor(opts.redact) }),
    info: { ...recorded.target },
    replay: {
      from: { runId: recorded.runId, source: stored.label },
      ...(recorded.identity ? { identity: recorded.identity } : {}),
    },
    close: async () => {},
  };
}
