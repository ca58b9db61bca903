// Finishing a turn (its result, assertions and observers) while the next turn's request is in
// flight, instead of before that request is sent: bench/runner-overhead needs it (figures in
// docs/architecture.md "Runner performance"). Only scripted turns overlap: a simulated user
// needs the reply first, and a turn that ended the session or carries audio is finished at once.

/** Finishing a turn failed (e.g. an observer threw): the error belongs to that turn, not the one in flight. */
export class TurnFinishError extends Error {
  constructor(
    override readonly cause: unknown,
    readonly turn: number,
  ) {
    super(cause instanceof Error ? cause.message : String(cause));
  }
}

let checkPhase: Promise<void> | undefined;

/**
 * Resolves in the event loop's next check phase, after this iteration's I/O. Every conversation
 * waiting in the same iteration shares one promise and one immediate: with 64 conversations that
 * is one timer-queue entry instead of 64 per loop turn (fewer allocations, bench/runner-overhead).
 */
function nextCheckPhase(): Promise<void> {
  checkPhase ??= new Promise<void>((resolve) =>
    setImmediate(() => {
      checkPhase = undefined;
      resolve();
    }),
  );
  return checkPhase;
}

/** One function for every turn's `catch`, not a new closure each time. */
function ignore(): void {}

const DONE: Promise<void> = Promise.resolve();

/**
 * Holds at most one turn whose finishing waits for the next request to go out. Its methods chain
 * promises rather than being async functions: they run for every turn, and each async frame and
 * await was an allocation the bare client loop does not make (bench/runner-overhead).
 */
export class OverlappedTurnFinisher {
  private pending: { turn: number; finish: () => Promise<void> } | undefined;
  /** `flush`, bound once for every whileInFlight. */
  private readonly flushHeld = (): Promise<void> => this.flush();

  /** Keeps `finish` of `turn` until the next request is on its way (or `flush`). */
  defer(turn: number, finish: () => Promise<void>): void {
    this.pending = { turn, finish };
  }

  /**
   * Lets the request just started go out first (the I/O phase runs before immediates), then
   * finishes the held turn while the agent works on the reply.
   */
  whileInFlight(request: Promise<unknown>): Promise<void> {
    if (!this.pending) return DONE;
    request.catch(ignore); // awaited by the caller next: a rejection meanwhile is handled there
    return nextCheckPhase().then(this.flushHeld);
  }

  /** Finishes the held turn now; a failure is a TurnFinishError naming that turn. */
  flush(): Promise<void> {
    const pending = this.pending;
    this.pending = undefined;
    if (!pending) return DONE;
    const failed = (err: unknown): never => {
      throw new TurnFinishError(err, pending.turn);
    };
    try {
      return pending.finish().catch(failed);
    } catch (err) {
      return Promise.reject(new TurnFinishError(err, pending.turn));
    }
  }
}
