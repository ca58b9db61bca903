// One WebSocket to the BidiRunSession bridge (docs/protocol.md §7): a fresh bearer token per
// connect, one canonical proto3 JSON message per frame, server frames as text or binary UTF-8.
// Every way the socket can fail becomes a CesError (close-codes.ts); nothing is swallowed.
import WebSocket from 'ws';
import type { JsonObject } from '../../model/json.js';
import { cancelledByCaller, CesError } from '../errors.js';
import { closeError, upgradeError, type SocketContext } from './close-codes.js';

export interface BidiSocketOptions extends SocketContext {
  url: string;
  token: string;
  signal?: AbortSignal;
  timeoutMs: number;
  onMessage(frame: JsonObject): void;
}

export class BidiSocket {
  /** Settles when the socket closes: resolves on a clean close (1000), rejects with a CesError otherwise. */
  readonly closed: Promise<void>;
  private failure: CesError | undefined;
  private done = false;

  private constructor(
    private readonly ws: WebSocket,
    opts: BidiSocketOptions,
  ) {
    this.closed = new Promise<void>((resolve, reject) => {
      ws.on('close', (code: number, reason: Buffer) => {
        this.done = true;
        const err = this.failure ?? closeError(code, reason.toString('utf8'), opts);
        if (err) reject(err);
        else resolve();
      });
    });
    this.closed.catch(() => undefined); // observed by the session loop through `closed`/`error`
    ws.on('message', (data: WebSocket.RawData) => {
      // After a failure the socket is being torn down: a frame ws had already buffered (a
      // turnCompleted right behind the unreadable frame) must not complete the turn regardless.
      if (this.failure) return;
      try {
        const text = Buffer.isBuffer(data) ? data.toString('utf8') : Buffer.concat(data as Buffer[]).toString('utf8');
        opts.onMessage(JSON.parse(text) as JsonObject);
      } catch (err) {
        this.fail(
          err instanceof CesError
            ? err
            : new CesError(
                'INVALID_RESPONSE',
                `BidiRunSession ${opts.resource}: unreadable server frame: ${(err as Error).message}`,
                { cause: err },
              ),
        );
      }
    });
    ws.on('error', (err: Error) =>
      this.fail(
        new CesError('STREAM_DROPPED', `BidiRunSession ${opts.resource}: socket error: ${opts.redact(err.message)}`, {
          cause: err,
        }),
      ),
    );
  }

  static open(opts: BidiSocketOptions): Promise<BidiSocket> {
    return new Promise((resolve, reject) => {
      if (opts.signal?.aborted) return reject(cancelledByCaller(`BidiRunSession ${opts.resource}`));
      // Our own timer, not ws's handshakeTimeout: that one fails as a socket error (STREAM_DROPPED),
      // this wait for the server is a TIMEOUT like the others, and it counts the connect too.
      const ws = new WebSocket(opts.url, { headers: { Authorization: `Bearer ${opts.token}` } });
      const socket = new BidiSocket(ws, opts);
      const timer = setTimeout(() => {
        const err = new CesError(
          'TIMEOUT',
          `BidiRunSession ${opts.resource}: ` +
            `waited ${opts.timeoutMs} ms for the WebSocket opening handshake (timeoutMs)`,
        );
        socket.fail(err);
        settle(err);
      }, opts.timeoutMs);
      const settle = (err?: CesError): void => {
        clearTimeout(timer);
        opts.signal?.removeEventListener('abort', onAbort);
        if (err) reject(err);
        else resolve(socket);
      };
      const onAbort = (): void => {
        ws.terminate();
        settle(cancelledByCaller(`BidiRunSession ${opts.resource}`));
      };
      opts.signal?.addEventListener('abort', onAbort, { once: true });
      ws.once('open', () => settle());
      ws.once('unexpected-response', (_req, res) => {
        ws.terminate();
        settle(upgradeError(res.statusCode ?? 0, opts));
      });
      socket.closed.catch((err: unknown) => settle(err as CesError));
    });
  }

  /** Why this client tore the socket down (an unreadable frame, a timeout, the signal), if it did. */
  get failed(): CesError | undefined {
    return this.failure;
  }

  get isOpen(): boolean {
    return !this.done && this.ws.readyState === WebSocket.OPEN;
  }

  /** Sends one frame; a socket that already went away is reported by `closed`, not here. */
  send(frame: JsonObject): boolean {
    if (!this.isOpen) return false;
    this.ws.send(JSON.stringify(frame));
    return true;
  }

  /** Records why the socket is being torn down (reported by `closed`) and terminates it. */
  fail(err: CesError): void {
    this.failure ??= err;
    this.ws.terminate();
  }

  close(): void {
    if (!this.done) this.ws.close(1000, 'client done');
  }
}
