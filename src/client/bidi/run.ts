// The bidi run loop: connect (fresh token), config first, then each step; wait for the turn,
// then for the agent audio's playback; reconnect with the same session on goAway. Every wait for
// the server (the access token and the handshake too) is bounded by timeoutMs; the playback, whose
// length the received audio fixes, only by the caller's AbortSignal, which ends every wait.
import type { JsonObject } from '../../model/json.js';
import { durationMs, type AudioConfig } from '../../audio/index.js';
import { cancelledByCaller, CesAuthError, CesError } from '../errors.js';
import { BidiSocket } from './socket.js';
import type { SocketContext } from './close-codes.js';
import { CHUNK_MS, sendAudio, silenceFor, type Pacing } from './sender.js';
import type { BidiStep } from './steps.js';
import { BidiTracker, type ServerMessage, type TurnRecord } from './tracker.js';

export interface BidiRunContext extends SocketContext {
  url: string;
  getToken(): Promise<string>;
  /** Canonical JSON frame for a config (first=true) or a SessionInput. */
  encodeConfig(withHistory: boolean): JsonObject;
  encodeInput(input: Record<string, unknown>): JsonObject;
  decode(frame: JsonObject): ServerMessage;
  input?: AudioConfig;
  output?: AudioConfig;
  pacing: Pacing;
  silenceMs: number;
  waitForPlayback: boolean;
  timeoutMs: number;
  maxReconnects: number;
  signal?: AbortSignal;
}

export interface BidiRunOutcome {
  tracker: BidiTracker;
  records: TurnRecord[];
}

export async function runBidi(ctx: BidiRunContext, steps: BidiStep[]): Promise<BidiRunOutcome> {
  const tracker = new BidiTracker();
  const loop = new Loop(ctx, tracker);
  try {
    for (const step of steps) {
      if (tracker.ended) break;
      await loop.step(step);
    }
    loop.throwIfFailed();
  } finally {
    loop.close();
  }
  return { tracker, records: tracker.records };
}

class Loop {
  private socket: BidiSocket | undefined;
  private reconnects = 0;
  /** The record a frame that expects no reply opened for the turn it precedes. */
  private opened: TurnRecord | undefined;

  constructor(
    private readonly ctx: BidiRunContext,
    private readonly tracker: BidiTracker,
  ) {}

  async step(step: BidiStep): Promise<void> {
    const awaits = step.kind === 'utterance' || step.awaitsTurn;
    const record = this.record(step, awaits);
    for (;;) {
      const socket = await this.connection();
      await this.send(socket, step, record, awaits);
      if (!awaits) return;
      record.sendEndedAt = performance.now();
      const result = await this.waitTurn(socket, record);
      if (result === 'retry') {
        this.tracker.restart(record);
        continue;
      }
      if (result === 'done') await this.playback(socket, record);
      return;
    }
  }

  close(): void {
    this.socket?.close();
  }

  /**
   * A frame that failed after the last wait had resolved (right behind the final turnCompleted)
   * still fails the run: what the server said in it is unknown, so the run is not a result.
   */
  throwIfFailed(): void {
    const failed = this.socket?.failed;
    if (failed) throw failed;
  }

  /**
   * A frame that expects no reply (variables, willContinue) is no turn of its own: its inputs open
   * the record of the turn that follows, as one-shot inputs share the first request in text
   * modality. A record of its own would never complete and count the whole run as its latency.
   */
  private record(step: BidiStep, awaits: boolean): TurnRecord {
    const record = this.opened ?? this.tracker.begin([]);
    record.inputs.push(...step.summary);
    this.opened = awaits ? undefined : record;
    return record;
  }

  private async connection(): Promise<BidiSocket> {
    if (this.socket?.isOpen && !this.tracker.goAway) return this.socket;
    const first = this.socket === undefined;
    if (!first) {
      this.throwIfFailed();
      // Only goAway asks for a new socket: any other close between turns ends the run with its error.
      if (!this.tracker.goAway) await this.closedBefore(this.socket!, `sending turn ${this.tracker.records.length}`);
      this.socket!.close();
      if (++this.reconnects > this.ctx.maxReconnects) {
        throw new CesError(
          'GO_AWAY',
          `BidiRunSession ${this.ctx.resource}: ` +
            `the server asked to reconnect more than ${this.ctx.maxReconnects} times in one run`,
        );
      }
    }
    this.tracker.goAway = false;
    const socket = await BidiSocket.open({
      ...this.ctx,
      token: await this.token(),
      onMessage: (f) => this.tracker.onMessage(this.ctx.decode(f)),
    });
    // historicalContexts seed a new session only: a reconnect continues the server-side one.
    socket.send(this.ctx.encodeConfig(first));
    this.socket = socket;
    return socket;
  }

  /**
   * The socket's access token: a wait like the others (a metadata server that does not answer),
   * bounded by timeoutMs and ended by the signal. A token that comes later is dropped.
   */
  private token(): Promise<string> {
    const { ctx } = this;
    if (ctx.signal?.aborted) return Promise.reject(cancelledByCaller(`BidiRunSession ${ctx.resource}`));
    return new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => {
        stop();
        reject(
          new CesError(
            'TIMEOUT',
            `BidiRunSession ${ctx.resource}: waited ${ctx.timeoutMs} ms for an access token from ` +
              `${ctx.credentialSource} (timeoutMs)`,
          ),
        );
      }, ctx.timeoutMs);
      const onAbort = (): void => {
        stop();
        reject(cancelledByCaller(`BidiRunSession ${ctx.resource}`));
      };
      const stop = (): void => {
        clearTimeout(timer);
        ctx.signal?.removeEventListener('abort', onAbort);
      };
      ctx.signal?.addEventListener('abort', onAbort, { once: true });
      ctx.getToken().then(
        (token) => {
          stop();
          resolve(token);
        },
        (err: unknown) => {
          stop();
          // The provider's message already names the credential source (src/client/auth.ts).
          const detail = err instanceof Error ? err.message : String(err);
          reject(
            err instanceof CesError
              ? err
              : new CesAuthError('UNAUTHENTICATED', `BidiRunSession ${ctx.resource}: ${detail}`),
          );
        },
      );
    });
  }

  private async send(socket: BidiSocket, step: BidiStep, record: TurnRecord, awaits: boolean): Promise<void> {
    if (step.kind === 'frame') {
      socket.send(this.ctx.encodeInput(step.input));
      // Latency to first output counts from the input the agent answers.
      if (awaits) record.inputSentAt = performance.now();
      return;
    }
    const input = this.ctx.input!;
    const sendCtx = {
      socket,
      input,
      pacing: this.ctx.pacing,
      resource: this.ctx.resource,
      sendAudio: (c: Buffer) => socket.send(this.ctx.encodeInput({ audio: c })),
      ...(this.ctx.signal ? { signal: this.ctx.signal } : {}),
    };
    const lead = silenceFor(this.ctx.silenceMs, input);
    // Latency counts from the end of the user's speech: the chunk holding its last loud sample.
    // CES signals no end of speech (recognitionResult has no final flag), and the silence
    // after the speech (the file's own, then silenceMs) is time the user is not talking.
    const speechEnd = lead.length + step.speechEnd;
    const onSent = (sent: number): void => {
      if (record.inputSentAt === undefined && sent >= speechEnd) record.inputSentAt = performance.now();
    };
    await sendAudio(sendCtx, Buffer.concat([lead, step.wire, silenceFor(this.ctx.silenceMs, input)]), onSent);
  }

  /** 'done' on turnCompleted or endSession; 'retry' when a goAway closed the socket before any output. */
  private waitTurn(socket: BidiSocket, record: TurnRecord): Promise<'done' | 'retry'> {
    const keepAlive = this.ctx.input ? (this.ctx.pacing === 'realtime' ? CHUNK_MS : 10) : undefined;
    return this.waitFor(socket, `turn ${this.tracker.records.length} to complete`, { keepAliveMs: keepAlive }, () => {
      if (record.completedAt !== undefined || this.tracker.ended) return 'done';
      if (this.tracker.goAway && record.outputCount === 0 && !socket.isOpen) return 'retry';
      return undefined;
    });
  }

  /** The agent is "talking" until its audio has played (AgentTurnManager in the reference). */
  private async playback(socket: BidiSocket, record: TurnRecord): Promise<void> {
    const out = this.ctx.output;
    if (!this.ctx.waitForPlayback || !out || record.agentAudioBytes === 0 || this.tracker.ended) return;
    const playMs = durationMs(record.agentAudioBytes, out);
    // A socket closed after goAway or endSession ends the playback; any other close is the run's error.
    const leftOnPurpose = (): boolean => !socket.isOpen && (this.tracker.goAway || this.tracker.ended);
    if (this.ctx.pacing === 'fast') {
      // Listening, faster than real time: the server counts streamed audio as time heard.
      if (this.ctx.input && socket.isOpen)
        await sendAudio(
          {
            socket,
            input: this.ctx.input,
            pacing: 'fast',
            resource: this.ctx.resource,
            sendAudio: (c) => socket.send(this.ctx.encodeInput({ audio: c })),
            ...(this.ctx.signal ? { signal: this.ctx.signal } : {}),
          },
          silenceFor(playMs, this.ctx.input),
        );
      if (!socket.isOpen && !leftOnPurpose()) await this.closedBefore(socket, 'the agent audio to play');
      return;
    }
    const until = (record.firstAudioAt ?? performance.now()) + playMs;
    // A local sleep of a known length, not a wait for the server: a reply longer than timeoutMs
    // must still be heard to its end, so only the signal (and the socket's errors) cut it.
    await this.waitFor(
      socket,
      'the agent audio to play',
      { keepAliveMs: this.ctx.input ? CHUNK_MS : undefined, wakeAt: until, timeout: false },
      () => (performance.now() >= until || leftOnPurpose() ? true : undefined),
    );
  }

  /**
   * Settles once a socket that is no longer open has closed: rejects with the error its close
   * stands for (close-codes.ts), or STREAM_DROPPED for a clean close nobody asked for.
   */
  private closedBefore(socket: BidiSocket, what: string): Promise<never> {
    return this.waitFor<never>(socket, what, {}, () => undefined);
  }

  /**
   * Resolves with `check()`'s first value, evaluated on every server frame (and at `wakeAt`);
   * rejects on the socket's error or close, the signal, or timeoutMs unless `timeout` is false.
   */
  private waitFor<T>(
    socket: BidiSocket,
    what: string,
    opts: { keepAliveMs?: number | undefined; wakeAt?: number; timeout?: boolean },
    check: () => T | undefined,
  ): Promise<T> {
    const { keepAliveMs, wakeAt, timeout = true } = opts;
    const { ctx } = this;
    return new Promise<T>((resolve, reject) => {
      const timers: NodeJS.Timeout[] = [];
      let stopped = false;
      const stop = (): void => {
        stopped = true;
        unsubscribe();
        timers.forEach(clearTimeout);
        timers.forEach(clearInterval);
        ctx.signal?.removeEventListener('abort', onAbort);
      };
      const evaluate = (): void => {
        const value = check();
        if (value !== undefined) {
          stop();
          resolve(value);
        }
      };
      const onAbort = (): void => {
        stop();
        socket.fail(cancelledByCaller(`BidiRunSession ${ctx.resource}`));
        reject(cancelledByCaller(`BidiRunSession ${ctx.resource}`));
      };
      const unsubscribe = this.tracker.subscribe(evaluate);
      if (ctx.signal?.aborted) return onAbort();
      ctx.signal?.addEventListener('abort', onAbort, { once: true });
      if (timeout)
        timers.push(
          setTimeout(() => {
            stop();
            const err = new CesError(
              'TIMEOUT',
              `BidiRunSession ${ctx.resource}: waited ${ctx.timeoutMs} ms for ${what} (timeoutMs)`,
            );
            socket.fail(err);
            reject(err);
          }, ctx.timeoutMs),
        );
      if (keepAliveMs !== undefined && ctx.input) {
        const chunk = silenceFor(CHUNK_MS, ctx.input);
        timers.push(setInterval(() => socket.send(ctx.encodeInput({ audio: chunk })), keepAliveMs));
      }
      // Timers may fire a little early against performance.now(): a wake-up that finds nothing re-arms.
      const wake = (): void => {
        evaluate();
        if (!stopped) timers.push(setTimeout(wake, Math.max(1, wakeAt! - performance.now())));
      };
      if (wakeAt !== undefined) timers.push(setTimeout(wake, Math.max(0, wakeAt - performance.now())));
      socket.closed.then(evaluate, (err: unknown) => {
        // A failure of this client's own (an unreadable frame) fails the wait even when the turn
        // looked complete: the frame it could not read may have been a tool call or an error.
        if (socket.failed === undefined) {
          evaluate();
          if (check() !== undefined) return;
        }
        stop();
        reject(err);
      });
      socket.closed.then(
        () => {
          if (check() !== undefined) return;
          stop();
          reject(
            new CesError(
              'STREAM_DROPPED',
              `BidiRunSession ${ctx.resource}: the server closed the socket before ${what}`,
            ),
          );
        },
        () => undefined,
      );
      evaluate();
    });
  }
}
