// Per-session state, kept so that GetConversation can replay it, until the session has been idle for
// the idle TTL or more than the maximum number of sessions exist (the least recently used goes first):
// a long-running emulator's memory stays flat.
import type { JsonObject } from '../model/json.js';
import type { Action } from './app.js';

interface PendingClientCall {
  id: string;
  tool: string;
  args: JsonObject;
  agent: string;
  /** Route actions still to run once the client's tool response arrives. */
  remaining: Action[];
  /** Run instead of `remaining` when the client's response is an `{error}`. */
  onError?: Action[];
  startedMs: number;
}

interface StoredTurn {
  messages: JsonObject[];
  rootSpan: JsonObject;
}

export interface SessionState {
  id: string;
  /** Full session resource name. */
  name: string;
  entryAgent: string;
  /** The agent handling the next turn (changes on transfer). */
  agent: string;
  variables: JsonObject;
  /** Message history: historicalContexts from the config, then every served turn. */
  history: JsonObject[];
  turns: StoredTurn[];
  /** Index of the last turn started (turn indexes are 1-based). */
  turnIndex: number;
  ended: boolean;
  pending?: PendingClientCall;
  /** Last response of each tool, `output` unwrapped, for `${tool.<name>.<field>}`. */
  toolResults: JsonObject;
  inputTypes: Set<string>;
  /** Conversation.Source: EVAL for an evaluation run's replay, else LIVE. */
  source: 'LIVE' | 'EVAL';
  startMs: number;
  endMs: number;
  callCounter: number;
}

export interface SessionLimits {
  /** A session unused for this long is forgotten (default 30 minutes). */
  idleTtlMs: number;
  /** At most this many sessions are kept (default 10,000); the least recently used goes first. */
  maxSessions: number;
}

const DEFAULT_SESSION_LIMITS: Readonly<SessionLimits> = { idleTtlMs: 30 * 60_000, maxSessions: 10_000 };

export class SessionStore {
  /** In least-recently-used order: a session used again moves to the end. */
  private readonly sessions = new Map<string, SessionState>();
  private readonly lastUsed = new Map<string, number>();
  private readonly locks = new Map<string, Promise<unknown>>();
  private readonly limits: SessionLimits;

  constructor(
    limits: Partial<SessionLimits> = {},
    private readonly now: () => number = Date.now,
  ) {
    this.limits = { ...DEFAULT_SESSION_LIMITS, ...limits };
  }

  get(id: string): SessionState | undefined {
    this.expire();
    const session = this.sessions.get(id);
    if (session) this.touch(id, session);
    return session;
  }

  add(session: SessionState): void {
    this.touch(session.id, session);
    this.expire();
  }

  get size(): number {
    return this.sessions.size;
  }

  private touch(id: string, session: SessionState): void {
    this.sessions.delete(id);
    this.sessions.set(id, session);
    this.lastUsed.set(id, this.now());
  }

  /** Drops idle sessions and the least recently used over the maximum; stops at the first one kept. */
  private expire(): void {
    const oldestKept = this.now() - this.limits.idleTtlMs;
    for (const id of this.sessions.keys()) {
      const over = this.sessions.size > this.limits.maxSessions;
      if (!over && (this.lastUsed.get(id) ?? 0) > oldestKept) break;
      this.sessions.delete(id);
      this.lastUsed.delete(id);
    }
  }

  /** All sessions still kept, by start time (stable for paging). */
  all(): SessionState[] {
    this.expire();
    return [...this.sessions.values()].sort((a, b) => a.startMs - b.startMs);
  }

  /** Runs `fn` after every earlier turn of the same session: one turn at a time per session. */
  serialize<T>(id: string, fn: () => Promise<T>): Promise<T> {
    const previous = this.locks.get(id) ?? Promise.resolve();
    const next = previous.then(fn, fn);
    const settled = next.then(
      () => undefined,
      () => undefined,
    );
    this.locks.set(id, settled);
    void settled.then(() => {
      if (this.locks.get(id) === settled) this.locks.delete(id);
    });
    return next;
  }
}
