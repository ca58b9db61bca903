// Sends audio on a bidi socket with the chosen pacing. `realtime`: one 100 ms chunk per 100 ms of
// wall clock, as a phone would. `fast`: as fast as the socket takes it, yielding to the event
// loop between chunks so server frames are still read.
import { setTimeout as sleep } from 'node:timers/promises';
import { chunkAudio, durationMs, silence, type AudioConfig } from '../../audio/index.js';
import { cancelledByCaller } from '../errors.js';
import type { BidiSocket } from './socket.js';

export type Pacing = 'realtime' | 'fast';
export const CHUNK_MS = 100;

export interface SendContext {
  socket: BidiSocket;
  input: AudioConfig;
  pacing: Pacing;
  signal?: AbortSignal;
  resource: string;
  /** Encodes one wire audio chunk as a canonical BidiSessionClientMessage frame and sends it. */
  sendAudio(chunk: Buffer): boolean;
}

/**
 * Sends `wire` in 100 ms chunks, calling `onSent` with the bytes sent so far after each (before
 * the realtime pause: that chunk's audio is now the server's); returns false when the socket
 * went away meanwhile.
 */
export async function sendAudio(
  ctx: SendContext,
  wire: Buffer,
  onSent?: (sentBytes: number) => void,
): Promise<boolean> {
  const start = performance.now();
  let sentMs = 0;
  let sentBytes = 0;
  for (const chunk of chunkAudio(wire, { ...ctx.input, chunkMs: CHUNK_MS })) {
    if (ctx.signal?.aborted) throw cancelledByCaller(`BidiRunSession ${ctx.resource}`);
    if (!ctx.sendAudio(chunk)) return false;
    sentBytes += chunk.length;
    onSent?.(sentBytes);
    sentMs += durationMs(chunk, ctx.input);
    if (ctx.pacing === 'realtime') await sleep(Math.max(0, start + sentMs - performance.now()));
    else await new Promise((resolve) => setImmediate(resolve));
  }
  return true;
}

export const silenceFor = (ms: number, input: AudioConfig): Buffer => silence(ms, input);
