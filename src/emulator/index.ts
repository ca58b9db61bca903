// Public API of the emulator: start a CES-compatible server for an app definition.
import { guardedServices } from './auth-guard.js';
import type { SessionLimits } from './session.js';
import * as grpc from '@grpc/grpc-js';
import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { loadSessionProtos } from '../client/proto/index.js';
import { appRoutes, type AppDefinition, type FaultSpec, type LatencySpec } from './app.js';
import type { AppInventory, InventoryRoute } from '../model/inventory.js';
import { appInventory } from './resources.js';
import { Chaos, DEFAULT_FAULTS } from './chaos.js';
import { agentServiceImpl } from './conversations.js';
import { inventoryServiceImpl } from './inventory-service.js';
import { EmulatorCore } from './core.js';
import { sessionServiceImpl } from './grpc-session.js';
import { loadAppDefinition, validateAppObject } from './load-app.js';
import { latencyProblem } from './check-app.js';
import { platformServices, type EvaluationRunOptions } from './platform.js';
import { createWsBridge } from './ws-bridge.js';
import { checkOptionNames } from './options.js';

export type { AppDefinition } from './app.js';
export { loadAppDefinition, AppDefinitionError } from './load-app.js';
export { appResourcesOf } from './resources.js';
export { DEFAULT_WIRE, utteranceKeys } from './speech-keys.js';
export type { EvaluationRunOptions } from './platform.js';

export interface EmulatorOptions {
  /** Parsed definition, or a path to the app YAML. */
  app: AppDefinition | string;
  /** gRPC port, default 0 (free). */
  port?: number;
  /** WebSocket bridge port, default 0 (free). */
  wsPort?: number;
  /** Default '127.0.0.1'. */
  host?: string;
  /**
   * Serve gRPC on a Unix socket in a new directory only this user can enter, instead of a TCP port:
   * for an emulator that only this process talks to (`run --emulator`). No other local user can
   * reach it, and connecting skips TCP and grpc-js' IP-address parsing (~3 ms of a run's start-up,
   * docs/architecture.md "Start-up cost"). Ignored on Windows and where the temp directory's path is
   * too long for a socket; `port` is then used. The WebSocket bridge stays on `host`.
   */
  privateSocket?: boolean;
  /**
   * Serve the WebSocket bridge (BidiRunSession for audio, section 7 of docs/protocol.md); default
   * true. `run` turns it off when none of its conversations speaks: then `wsUrl` is absent, nothing
   * listens on TCP, and an audio turn fails on the client ("needs websocketEndpoint").
   */
  websocket?: boolean;
  /** Seeds the fault/latency RNG (default: the app's seed, else 1). */
  seed?: number;
  /** For tests and benchmarks: replace the app's latency, or some of its faults. */
  overrides?: { latencyMs?: LatencySpec; faults?: Partial<FaultSpec> };
  /** Require `Authorization: Bearer <token>` (WebSocket upgrade → 401, every gRPC service → UNAUTHENTICATED). */
  auth?: { token: string };
  /** v1beta EvaluationService runs: polls before they finish, queued polls, an injected final state. */
  evaluationRuns?: EvaluationRunOptions;
  /**
   * Serve the v1beta EvaluationService, Operations and ToolService
   * (default: only when evaluationRuns is given; `cxas-eval emulator` always does).
   */
  platform?: boolean;
  /** Session expiry: idle TTL and maximum count (defaults: 30 minutes, 10,000). */
  sessions?: Partial<SessionLimits>;
}

export interface RunningEmulator {
  /** gRPC 'host:port', or 'unix:<path>' with `privateSocket` (use with an insecure client). */
  address: string;
  /** 'ws://host:port', the base of the WebSocket bridge; absent with `websocket: false`. */
  wsUrl?: string;
  /** The app resource name served. */
  appName: string;
  /** The app's routes (CES has none, so no list method serves them): coverage's route inventory. */
  routes: InventoryRoute[];
  /**
   * The files the app was read from, absolute: the app YAML, then its `transcriptsFile` if it names
   * one (a run's identity hashes them). Empty for an app given as an object.
   */
  appFiles: string[];
  /**
   * The app's inventory (routes included) from its definition: what AgentService's list methods
   * serve, without the calls. A run against this emulator computes coverage from it.
   */
  inventory(): AppInventory;
  /** Closes the gRPC and WS servers and all streams; idempotent. */
  stop(): Promise<void>;
}

/** A transcriptsFile is relative to the app file (transcripts.ts). */
const appFilesOf = (appFile: string, app: AppDefinition): string[] =>
  app.transcriptsFile === undefined ? [appFile] : [appFile, path.resolve(path.dirname(appFile), app.transcriptsFile)];

const hostPort = (host: string, port: number): string => (host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`);

/** Linux takes socket paths up to 107 bytes, macOS up to 103: a longer temp path gets TCP. */
const MAX_SOCKET_PATH = 100;

/** A Unix socket path in a new directory private to this user (mkdtemp makes it 0700), or undefined. */
function privateSocketPath(): string | undefined {
  if (process.platform === 'win32') return undefined;
  const probe = path.join(tmpdir(), 'cxas-eval-emulator-XXXXXX', 'grpc.sock');
  if (Buffer.byteLength(probe) > MAX_SOCKET_PATH) return undefined;
  return path.join(mkdtempSync(path.join(tmpdir(), 'cxas-eval-emulator-')), 'grpc.sock');
}

/**
 * The private socket directories of this process's emulators not yet stopped: a process that ends
 * without stop() (an uncaught error, process.exit) leaves none behind. One 'exit' listener for
 * them all, there only while one is, so that many emulators at once (concurrent library runs)
 * do not each add one (MaxListenersExceededWarning from the eleventh on).
 */
const socketDirs = new Set<string>();

function removeSocketDirs(): void {
  for (const dir of socketDirs) rmSync(dir, { recursive: true, force: true });
}

function removeAtExit(dir: string): void {
  if (socketDirs.size === 0) process.on('exit', removeSocketDirs);
  socketDirs.add(dir);
}

/** Removes the directory now (idempotent), and from what the exit listener removes. */
function releaseSocketDir(dir: string): void {
  if (socketDirs.delete(dir) && socketDirs.size === 0) process.off('exit', removeSocketDirs);
  rmSync(dir, { recursive: true, force: true });
}

/**
 * Binds the gRPC server: on a private socket when asked for (and possible), else on host:port.
 * `release` removes the socket's directory (after the server is shut down; idempotent).
 */
async function bindServer(
  server: grpc.Server,
  host: string,
  opts: Pick<EmulatorOptions, 'port' | 'privateSocket'>,
): Promise<{ address: string; release: () => void }> {
  const socket = opts.privateSocket ? privateSocketPath() : undefined;
  const release = (): void => {
    if (socket) releaseSocketDir(path.dirname(socket));
  };
  if (socket) removeAtExit(path.dirname(socket));
  const target = socket ? `unix:${socket}` : hostPort(host, opts.port ?? 0);
  try {
    const port = await new Promise<number>((resolve, reject) => {
      server.bindAsync(target, grpc.ServerCredentials.createInsecure(), (err, bound) =>
        err ? reject(err) : resolve(bound),
      );
    });
    return { address: socket ? target : hostPort(host, port), release };
  } catch (err) {
    release();
    throw err;
  }
}

/** Starts the bridge's HTTP server on host (port 0: any free one); its 'ws://host:port'. */
async function listenBridge(bridge: ReturnType<typeof createWsBridge>, host: string, port = 0): Promise<string> {
  await new Promise<void>((resolve, reject) => {
    bridge.server.once('error', reject);
    bridge.server.listen(port, host, () => resolve());
  });
  return `ws://${hostPort(host, (bridge.server.address() as AddressInfo).port)}`;
}

/** An emulator serving its WebSocket bridge (the default). */
export type BridgedEmulator = RunningEmulator & { wsUrl: string };

/** An emulator for `opts`; with the WebSocket bridge (the default) its `wsUrl` is there. */
export function startEmulator(opts: EmulatorOptions & { websocket?: true }): Promise<BridgedEmulator>;
export function startEmulator(opts: EmulatorOptions): Promise<RunningEmulator>;
export async function startEmulator(opts: EmulatorOptions): Promise<RunningEmulator> {
  checkOptionNames(opts);
  const app = typeof opts.app === 'string' ? await loadAppDefinition(opts.app) : await validateAppObject(opts.app);
  const host = opts.host ?? '127.0.0.1';
  const faults: FaultSpec = { ...DEFAULT_FAULTS, ...app.faults, ...opts.overrides?.faults };
  const latency = opts.overrides && 'latencyMs' in opts.overrides ? opts.overrides.latencyMs : app.latencyMs;
  // The app file's latency is checked at load; an override is the caller's, refused the same way.
  const badLatency = latencyProblem(opts.overrides?.latencyMs);
  if (badLatency) throw new RangeError(`overrides.latencyMs: ${badLatency}`);
  const core = new EmulatorCore(app, new Chaos(opts.seed ?? app.seed ?? 1, latency, faults), opts.sessions);

  const server = new grpc.Server();
  // Off unless asked for: the platform protos add start-up time that session-only uses never need.
  const platform =
    (opts.platform ?? opts.evaluationRuns !== undefined) ? platformServices(core, opts.evaluationRuns) : undefined;
  const services = guardedServices(server, opts.auth);
  // Both versions and AgentService are served; their parts of the protos are read with a first call.
  for (const version of ['v1', 'v1beta'] as const) {
    const protos = loadSessionProtos(version);
    services.addService(protos.SessionService.service, sessionServiceImpl(core, protos, opts.auth));
    services.addService(protos.AgentService.service, {
      ...agentServiceImpl(core, protos),
      ...inventoryServiceImpl(app, protos),
    });
  }
  platform?.register(services);
  const { address, release } = await bindServer(server, host, opts);

  const bridge = opts.websocket === false ? undefined : createWsBridge(core, opts.auth);
  const wsUrl =
    bridge &&
    (await listenBridge(bridge, host, opts.wsPort).catch((err: unknown): never => {
      server.forceShutdown();
      release();
      throw err;
    }));

  let stopped: Promise<void> | undefined;
  return {
    address,
    ...(wsUrl ? { wsUrl } : {}),
    appName: app.app,
    routes: appRoutes(app),
    appFiles: typeof opts.app === 'string' ? appFilesOf(path.resolve(opts.app), app) : [],
    inventory: () => appInventory(app),
    stop: () => {
      stopped ??= (async () => {
        core.stop();
        server.forceShutdown();
        release();
        await bridge?.close();
      })();
      return stopped;
    },
  };
}
