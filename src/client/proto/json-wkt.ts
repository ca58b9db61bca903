// Canonical proto3 JSON forms of the well-known types (docs/protocol.md §7): Timestamp as
// RFC 3339, Duration as "1.5s", bytes as base64, FieldMask as a comma list. Shared by json.ts
// and by the emulator, which builds span times and durations with the same formatters.
import { ProtoJsonError } from './json-error.js';

const NANOS_PER_SECOND = 1_000_000_000;

/** 0, 3, 6 or 9 fractional digits, as protobuf's own JSON printers emit them. */
function fraction(nanos: number): string {
  if (nanos === 0) return '';
  if (nanos % 1_000_000 === 0) return '.' + String(nanos / 1_000_000).padStart(3, '0');
  if (nanos % 1_000 === 0) return '.' + String(nanos / 1_000).padStart(6, '0');
  return '.' + String(nanos).padStart(9, '0');
}

export function formatTimestamp(seconds: number, nanos: number): string {
  return isoSecond(seconds) + fraction(nanos) + 'Z';
}

// Span times are formatted on every turn (emulator and client), and a turn's times share their
// second: the date-time text of the last second formatted (and parsed, below) is kept.
let formattedSecond = Number.NaN;
let formattedText = '';

/** `2026-01-02T03:04:05` (or `+010000-...` past year 9999) for whole epoch seconds. */
export function isoSecond(seconds: number): string {
  if (seconds !== formattedSecond) {
    const iso = new Date(seconds * 1000).toISOString();
    formattedText = iso.slice(0, iso.lastIndexOf('.'));
    formattedSecond = seconds;
  }
  return formattedText;
}

export function formatDuration(seconds: number, nanos: number): string {
  const negative = seconds < 0 || nanos < 0;
  return (negative ? '-' : '') + String(Math.abs(seconds)) + fraction(Math.abs(nanos)) + 's';
}

/** Milliseconds (fractional allowed) → canonical Duration, e.g. 12.3 → "0.012300s". */
export function durationFromMs(ms: number): string {
  const totalNanos = Math.round(ms * 1e6);
  return formatDuration(Math.trunc(totalNanos / NANOS_PER_SECOND), totalNanos % NANOS_PER_SECOND);
}

/** Epoch milliseconds (fractional allowed, kept to the microsecond) → canonical Timestamp. */
export function timestampFromMs(ms: number): string {
  const micros = Math.round(ms * 1000);
  const seconds = Math.floor(micros / 1e6);
  return formatTimestamp(seconds, (micros - seconds * 1e6) * 1000);
}

const TIMESTAMP_RE = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})(?:\.(\d{1,9}))?(Z|[+-]\d{2}:\d{2})$/i;

export function parseTimestamp(text: unknown, where: string): { seconds: string; nanos: number } {
  const m = typeof text === 'string' ? TIMESTAMP_RE.exec(text) : null;
  if (!m)
    throw new ProtoJsonError(
      `${where}: expected an RFC 3339 timestamp such as "2026-01-02T03:04:05.123Z", got ${JSON.stringify(text)}`,
    );
  const ms = parseSecond(`${m[1]}${m[3]!.toUpperCase()}`);
  if (Number.isNaN(ms)) throw new ProtoJsonError(`${where}: invalid timestamp ${JSON.stringify(text)}`);
  return { seconds: String(ms / 1000), nanos: Number((m[2] ?? '').padEnd(9, '0')) };
}

let parsedText = '';
let parsedMs = Number.NaN;

function parseSecond(text: string): number {
  if (text !== parsedText) {
    parsedMs = Date.parse(text);
    parsedText = text;
  }
  return parsedMs;
}

const DURATION_RE = /^(-)?(\d+)(?:\.(\d{1,9}))?s$/;

export function parseDuration(text: unknown, where: string): { seconds: string; nanos: number } {
  const m = typeof text === 'string' ? DURATION_RE.exec(text) : null;
  if (!m) throw new ProtoJsonError(`${where}: expected a duration such as "1.5s", got ${JSON.stringify(text)}`);
  const sign = m[1] ? -1 : 1;
  const nanos = Number((m[3] ?? '').padEnd(9, '0'));
  return { seconds: String(sign * Number(m[2])), nanos: nanos === 0 ? 0 : sign * nanos };
}

const BASE64_RE = /^[A-Za-z0-9+/_-]*={0,2}$/;

/** Standard, URL-safe and unpadded base64 are all accepted (docs/protocol.md §7). */
export function parseBytes(text: unknown, where: string): Buffer {
  if (typeof text !== 'string' || !BASE64_RE.test(text) || text.replace(/=+$/, '').length % 4 === 1) {
    throw new ProtoJsonError(`${where}: expected base64 bytes, got ${JSON.stringify(text)}`);
  }
  return Buffer.from(text.replace(/-/g, '+').replace(/_/g, '/'), 'base64');
}

export function formatBytes(value: unknown): string {
  if (typeof value === 'string') return value; // already base64 (proto-loader accepts it as such)
  return Buffer.from(value as Uint8Array).toString('base64');
}

export function longToNumber(v: unknown): number {
  if (typeof v === 'number') return v;
  if (typeof v === 'string') return Number(v);
  if (v && typeof v === 'object' && 'low' in v && 'high' in v) {
    const { low, high } = v as { low: number; high: number };
    return high * 2 ** 32 + (low >>> 0);
  }
  return 0;
}

const snake = (s: string): string => s.replace(/[A-Z]/g, (c) => '_' + c.toLowerCase());
const camel = (s: string): string => s.replace(/_([a-z0-9])/g, (_m, c: string) => c.toUpperCase());

export function formatFieldMask(obj: { paths?: string[] }): string {
  return (obj.paths ?? []).map((p) => p.split('.').map(camel).join('.')).join(',');
}

export function parseFieldMask(text: unknown, where: string): { paths: string[] } {
  if (typeof text !== 'string')
    throw new ProtoJsonError(`${where}: expected a field mask string such as "displayName,description"`);
  return { paths: text === '' ? [] : text.split(',').map((p) => p.split('.').map(snake).join('.')) };
}

export { snake as snakeCase };
