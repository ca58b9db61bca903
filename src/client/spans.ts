// rootSpan → the model's Span, with Duration/Timestamp turned into milliseconds and ISO text.
import type { Span } from '../model/turn.js';
import type { ProtoDuration, WireSpan } from './types.js';
import { isoSecond } from './proto/json-wkt.js';

function durationToMs(d: ProtoDuration | undefined): number | undefined {
  if (!d) return undefined;
  return Number(d.seconds ?? 0) * 1000 + (d.nanos ?? 0) / 1e6;
}

export function timestampToIso(t: ProtoDuration | undefined): string | undefined {
  const ms = durationToMs(t);
  return ms === undefined ? undefined : isoOf(ms);
}

/** Date#toISOString of `ms`, with the text up to the second cached (spans of a turn share it). */
function isoOf(ms: number): string {
  const whole = Math.trunc(ms); // as Date does
  const second = Math.floor(whole / 1000);
  return `${isoSecond(second)}.${String(whole - second * 1000).padStart(3, '0')}Z`;
}

export function toSpan(s: WireSpan): Span {
  const span: Span = { name: s.name ?? '' };
  const durationMs = spanDurationMs(s);
  if (durationMs !== undefined) span.durationMs = durationMs;
  const start = timestampToIso(s.startTime);
  if (start !== undefined) span.startTime = start;
  if (s.attributes && Object.keys(s.attributes).length > 0) span.attributes = s.attributes;
  if (s.childSpans?.length) span.children = s.childSpans.map(toSpan);
  return span;
}

/** The span's duration, or end − start when the server only sent timestamps. */
export function spanDurationMs(s: WireSpan): number | undefined {
  const d = durationToMs(s.duration);
  if (d !== undefined) return d;
  const start = durationToMs(s.startTime);
  const end = durationToMs(s.endTime);
  return start !== undefined && end !== undefined ? end - start : undefined;
}
