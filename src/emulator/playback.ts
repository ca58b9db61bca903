// Agent audio "playing" on the user's side, per session, so that speech starting during it is a
// barge-in. Playback ends when its wall-clock duration has passed OR when the client has
// streamed that much audio since (a client that listens by streaming silence faster than real
// time, as the `fast` pacing does, has heard it all). Kept per session, not per stream, because
// a client may reconnect (one socket per run() call) while the agent is still talking.
interface Playing {
  untilMs: number;
  remainingStreamMs: number;
}

export class Playback {
  private readonly bySession = new Map<string, Playing>();

  /** Agent audio of `ms` was sent now; it queues after anything still playing. */
  started(session: string, ms: number): void {
    const now = Date.now();
    const current = this.playing(session) ? this.bySession.get(session) : undefined;
    this.bySession.set(session, {
      untilMs: Math.max(now, current?.untilMs ?? 0) + ms,
      remainingStreamMs: (current?.remainingStreamMs ?? 0) + ms,
    });
  }

  playing(session: string): boolean {
    const p = this.bySession.get(session);
    if (!p) return false;
    if (Date.now() < p.untilMs && p.remainingStreamMs > 0) return true;
    this.bySession.delete(session);
    return false;
  }

  /** The client streamed `ms` of audio while listening. */
  listened(session: string, ms: number): void {
    const p = this.bySession.get(session);
    if (p) p.remainingStreamMs -= ms;
  }

  /** Interrupted: the rest is not played. */
  stop(session: string): void {
    this.bySession.delete(session);
  }
}
