// Per-session state, kept for the emulator's lifetime so that GetConversation can replay it.
import type { JsonObject } from '../model/json.js';
import type { Action } from './app.js';

export interface PendingClientCall {
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

export interface StoredTurn {
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
  startMs: number;
  endMs: number;
  callCounter: number;
}

export class SessionStore {
  private readonly sessions = new Map<string, SessionState>();
  private readonly locks = new Map<string, Promise<unknown>>();

  get(id: string): SessionState | undefined {
    return this.sessions.get(id);
  }

  add(session: SessionState): void {
    this.sessions.set(session.id, session);
  }

  /** All sessions, oldest first (stable for paging). */
  all(): SessionState[] {
    return [...this.sessions.values()];
  }

  /** Runs `fn` after every earlier turn of the same session: one turn at a time per session. */
  serialize<T>(id: string, fn: () => Promise<T>): Promise<T> {
    const previous = this.locks.get(id) ?? Promise.resolve();
    const next = previous.then(fn, fn);
    const settled = next.then(() => undefined, () => undefined);
    this.locks.set(id, settled);
    void settled.then(() => {
      if (this.locks.get(id) === settled) this.locks.delete(id);
    });
    return next;
  }
}
