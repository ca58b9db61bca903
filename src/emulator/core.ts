// The transport-independent heart of the emulator: one turn = validate, roll faults, then run
// the engine under the session's lock. gRPC (unary, stream, bidi) and the WebSocket bridge all
// call `turn`, so they behave identically.
import { setTimeout as sleep } from 'node:timers/promises';
import { status as GrpcStatus } from '@grpc/grpc-js';
import type { JsonObject } from '../model/json.js';
import type { AppDefinition } from './app.js';
import type { Chaos } from './chaos.js';
import type { CheckedConfig } from './config.js';
import { runTurn } from './engine.js';
import { EmulatorError, failedPrecondition } from './errors.js';
import { parseInputs, type Speech } from './inputs.js';
import { Playback } from './playback.js';
import { SessionStore, type SessionLimits, type SessionState } from './session.js';

export type TurnOutcome = 'done' | 'dropped';

/** Simulated latency is capped (README "The emulator"): larger values, or Infinity, mean this. */
export const MAX_LATENCY_MS = 60_000;

export class EmulatorCore {
  readonly store: SessionStore;
  /** Agent audio still "playing" per session, for barge-in (bidi audio). */
  readonly playback = new Playback();
  /** One abort controller per turn in flight (stop() aborts them all): no listener piles up on a shared signal. */
  private readonly turnsInFlight = new Set<AbortController>();
  private stopped = false;

  constructor(
    readonly app: AppDefinition,
    readonly chaos: Chaos,
    sessionLimits: Partial<SessionLimits> = {},
  ) {
    this.store = new SessionStore(sessionLimits);
  }

  /**
   * Runs one turn. Every SessionOutput (canonical JSON) goes to `emit` as it is produced.
   * Throws EmulatorError; returns 'dropped' when the fault injector chose to reset the stream.
   */
  async turn(
    config: CheckedConfig,
    inputs: JsonObject[],
    emit: (output: JsonObject) => void,
    speech?: Speech,
    mocks?: ReadonlyMap<string, JsonObject>,
  ): Promise<TurnOutcome> {
    const parsed = parseInputs(inputs, 'inputs', speech);
    this.assertNotEnded(this.store.get(config.sessionId));
    const decision = this.chaos.decide();
    if (decision.kind === 'error') throw decision.error;
    if (decision.kind === 'drop') return 'dropped';
    return this.store.serialize(config.sessionId, async () => {
      const session = this.store.get(config.sessionId) ?? this.createSession(config);
      this.assertNotEnded(session);
      for (const t of parsed.inputTypes) session.inputTypes.add(t);
      const turn = new AbortController();
      this.turnsInFlight.add(turn);
      try {
        await runTurn(this.app, session, {
          inputs: parsed.inputs,
          userChunks: parsed.userChunks,
          useToolFakes: config.useToolFakes,
          ...(mocks ? { mocks } : {}),
          latencyMs: this.chaos.latencyMs(),
          sleep: (ms) => this.sleep(ms, turn.signal),
          emit,
        });
      } finally {
        this.turnsInFlight.delete(turn);
      }
      return 'done' as const;
    });
  }

  /** Aborts simulated latency so in-flight turns end promptly on stop(). */
  stop(): void {
    this.stopped = true;
    for (const turn of this.turnsInFlight) turn.abort();
  }

  private async sleep(ms: number, signal: AbortSignal): Promise<void> {
    const capped = Number.isFinite(ms) ? Math.min(Math.max(ms, 0), MAX_LATENCY_MS) : MAX_LATENCY_MS;
    try {
      if (this.stopped) throw new Error('stopped');
      // A timer counts from the event loop's cached, whole-millisecond clock, so it can fire up to a
      // millisecond early by performance.now(): the latency an app declares is a minimum.
      const until = performance.now() + capped;
      for (let left = capped; left > 0; left = until - performance.now()) {
        await sleep(Math.ceil(left), undefined, { signal });
      }
    } catch {
      throw new EmulatorError(GrpcStatus.UNAVAILABLE, 'the emulator is shutting down');
    }
  }

  private assertNotEnded(session: SessionState | undefined): void {
    if (session?.ended)
      throw failedPrecondition(`session "${session.name}" has ended (endSession); start a new session to continue`);
  }

  private createSession(config: CheckedConfig): SessionState {
    const history = config.historicalContexts ?? [];
    const agent = config.entryAgent ?? this.agentFromHistory(history) ?? this.app.rootAgent;
    const now = Date.now();
    const session: SessionState = {
      id: config.sessionId,
      name: config.name,
      entryAgent: agent,
      agent,
      variables: structuredClone(this.app.variables ?? {}),
      history: [...history],
      turns: [],
      turnIndex: 0,
      ended: false,
      toolResults: {},
      inputTypes: new Set(),
      source: config.source ?? 'LIVE',
      startMs: now,
      endMs: now,
      callCounter: 0,
    };
    this.store.add(session);
    return session;
  }

  /** A conversation resumed from history continues with the agent that spoke last. */
  private agentFromHistory(history: JsonObject[]): string | undefined {
    for (let i = history.length - 1; i >= 0; i--) {
      const role = history[i]?.['role'];
      if (typeof role === 'string' && role !== 'user' && this.app.agents[role]) return role;
    }
    return undefined;
  }
}
