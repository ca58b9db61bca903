// Bounds on every input file, so a hostile or mistaken path (a device, a FIFO, /proc, a huge file, an
// include fan-out, deep nesting) is a clear one-line error instead of a hang, an out-of-memory kill or a
// leak of the file's content into an error message. Defaults are generous for real suites; config
// `limits:` changes them (README "Reliability").
import { AsyncLocalStorage } from 'node:async_hooks';
import { closeSync, constants, fstatSync, openSync, readSync, realpathSync, statSync } from 'node:fs';
import { SpecError } from './errors.js';

export interface InputLimits {
  /** One spec file or include fragment. */
  specFileBytes: number;
  /** A blob, image, audio or transcripts file. */
  fixtureBytes: number;
  /** A spec file with all its include fragments. */
  expandedBytes: number;
  /** The include fragments of all spec files of a load together, each inclusion counted. */
  includedBytes: number;
  /** include: chains (a includes b includes c...). */
  includeDepth: number;
  /** Nested mappings and sequences in one YAML document. */
  nestingDepth: number;
}

const MiB = 1024 * 1024;
export const DEFAULT_INPUT_LIMITS: Readonly<InputLimits> = {
  specFileBytes: 5 * MiB,
  fixtureBytes: 100 * MiB,
  expandedBytes: 20 * MiB,
  includedBytes: 128 * MiB,
  includeDepth: 16,
  nestingDepth: 64,
};

// The limits of the work in progress flow with it (async context), not through a process-wide
// setting: two runs in one process (the library's `run`) each read their own config's `limits:`.
const scope = new AsyncLocalStorage<Readonly<InputLimits>>();

/** The limits of the work in progress: those `withInputLimits` set around it, else the defaults. */
export function inputLimits(): Readonly<InputLimits> {
  return scope.getStore() ?? DEFAULT_INPUT_LIMITS;
}

let scopesOpen = 0;

/**
 * Runs `work` (and everything it starts, awaits included) under these limits over the defaults.
 * Limits bound loading and opening (what `work` does until it settles). When no scope is open the
 * store is disabled: on Node 20 an enabled AsyncLocalStorage keeps promise hooks on for the rest of
 * the process, which cost the run ~3% of its time (bench/runner-overhead, docs/architecture.md).
 */
export function withInputLimits<T>(over: Partial<InputLimits> | undefined, work: () => T): T {
  // Nothing over the defaults, and no scope around: `work` would see the defaults anyway. No scope
  // is opened, which keeps promise hooks off for the whole run (a config without `limits:`).
  if (scope.getStore() === undefined && Object.values(over ?? {}).every((v) => v === undefined)) return work();
  scopesOpen++;
  const close = (): void => {
    if (--scopesOpen === 0) scope.disable();
  };
  let result: T;
  try {
    result = scope.run({ ...DEFAULT_INPUT_LIMITS, ...over }, work);
  } catch (err) {
    close();
    throw err;
  }
  if (result instanceof Promise) return result.finally(close) as T;
  close();
  return result;
}

type FileProblemCode = 'MISSING_FILE' | 'NOT_A_FILE' | 'TOO_LARGE' | 'NOT_UTF8';
export interface FileProblem {
  code: FileProblemCode;
  reason: string;
  /** Where in the file, when the problem has a place (NOT_UTF8: the first byte that is not UTF-8). */
  at?: { line: number; col: number };
}

/** A file's problem as an error of that file: at its place in the file when it has one, else at 1:1. */
export function fileProblemError(file: string, problem: FileProblem): SpecError {
  return new SpecError(problem.code, { file, line: 1, col: 1, ...problem.at }, '', problem.reason);
}

/** Kernel pseudo-files report a size of 0 and can be endless or secret (/proc/self/environ). */
const PSEUDO_ROOTS = ['/proc/', '/sys/', '/dev/'];

/** A size people can compare with the limit: a small limit in bytes, not "0 MB". */
export function sizeText(bytes: number): string {
  if (bytes < 10 * 1024) return `${bytes} bytes`;
  if (bytes < MiB) return `${Math.round(bytes / 1024)} kB`;
  return `${Math.round((bytes / MiB) * 10) / 10} MB`;
}

/** Why `abs` may not be read as an input file, or undefined. Never opens it (a FIFO would block). */
export function fileProblem(abs: string, maxBytes: number): FileProblem | undefined {
  let real: string;
  try {
    real = realpathSync(abs);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { code: 'MISSING_FILE', reason: 'file not found' };
    return { code: 'NOT_A_FILE', reason: `cannot read file: ${(err as NodeJS.ErrnoException).code ?? 'error'}` };
  }
  const stat = statSync(real);
  if (!stat.isFile() || PSEUDO_ROOTS.some((root) => `${real}/`.startsWith(root))) {
    return {
      code: 'NOT_A_FILE',
      reason: 'not a regular file (devices, FIFOs, sockets, directories and /proc, /sys, /dev entries are refused)',
    };
  }
  if (stat.size > maxBytes) {
    return {
      code: 'TOO_LARGE',
      reason: `file is ${sizeText(stat.size)}, over the limit of ${sizeText(maxBytes)} (config limits:)`,
    };
  }
  return undefined;
}

/**
 * The first `bytes` bytes of a regular file (all of it when shorter) and its size, opened without
 * blocking and checked again on the open file (a FIFO put in its place since it was looked at).
 */
function readFileStart(abs: string, bytes: number): { head: Buffer; size: number } | { problem: FileProblem } {
  const fd = openSync(abs, constants.O_RDONLY | constants.O_NONBLOCK);
  try {
    const stat = fstatSync(fd);
    if (!stat.isFile()) return { problem: { code: 'NOT_A_FILE', reason: 'not a regular file' } };
    // One byte past the size it had: a file that grew since is seen to.
    const head = Buffer.alloc(Math.min(bytes, stat.size + 1));
    let length = 0;
    for (let n = 1; n > 0 && length < head.length; length += n)
      n = readSync(fd, head, length, head.length - length, null);
    return { head: head.subarray(0, length), size: stat.size };
  } finally {
    closeSync(fd);
  }
}

/** Reads of an open regular file at any offset, within the size it had when opened. */
export interface FileReader {
  readonly size: number;
  read(offset: number, length: number): Buffer;
}

/**
 * `use` given reads of a regular file at any offset (a WAV file's chunk headers, skipping their
 * bodies), opened without blocking and checked again on the open file, as readFileStart does.
 */
export function readFileWith<T>(abs: string, use: (file: FileReader) => T): { value: T } | { problem: FileProblem } {
  const fd = openSync(abs, constants.O_RDONLY | constants.O_NONBLOCK);
  try {
    const stat = fstatSync(fd);
    if (!stat.isFile()) return { problem: { code: 'NOT_A_FILE', reason: 'not a regular file' } };
    const read = (offset: number, length: number): Buffer => {
      const buf = Buffer.alloc(Math.max(0, Math.min(length, stat.size - offset)));
      let got = 0;
      for (let n = 1; n > 0 && got < buf.length; got += n) n = readSync(fd, buf, got, buf.length - got, offset + got);
      return buf.subarray(0, got);
    };
    return { value: use({ size: stat.size, read }) };
  } finally {
    closeSync(fd);
  }
}

/** The text of a regular file of at most maxBytes, or why not (checked again on the open file). */
export function readBoundedText(
  abs: string,
  maxBytes: number,
): { text: string; bytes: number } | { problem: FileProblem } {
  const problem = fileProblem(abs, maxBytes);
  if (problem) return { problem };
  const read = readFileStart(abs, maxBytes + 1);
  if ('problem' in read) return read;
  if (read.head.length > maxBytes)
    return {
      problem: { code: 'TOO_LARGE', reason: `file is over the limit of ${sizeText(maxBytes)} (config limits:)` },
    };
  const decoded = decodeUtf8(read.head);
  return 'problem' in decoded ? decoded : { text: decoded.text, bytes: read.head.length };
}

// Fatal: bytes that are not UTF-8 (a Latin-1 file) are an error, not U+FFFD in names and texts.
// A byte-order mark is kept, as Buffer#toString kept it (the YAML parser skips it).
const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** A file's bytes as text, or NOT_UTF8 at the first byte that is not UTF-8. */
export function decodeUtf8(bytes: Uint8Array): { text: string } | { problem: FileProblem } {
  try {
    return { text: utf8.decode(bytes) };
  } catch {
    const { at, byte } = firstNonUtf8(bytes);
    const shown = byte === undefined ? 'the file ends inside a character' : `byte 0x${hex(byte)} is not UTF-8 here`;
    return { problem: { code: 'NOT_UTF8', reason: `not UTF-8 text: ${shown} (save the file as UTF-8)`, at } };
  }
}

const hex = (byte: number): string => byte.toString(16).toUpperCase().padStart(2, '0');

/**
 * Line and column (in characters, as the YAML positions count) of the first byte that is not UTF-8.
 * A newline byte is never inside a UTF-8 character, so lines decode on their own: the bad line
 * first, then its bytes one by one (streaming) up to the one that fails.
 */
function firstNonUtf8(bytes: Uint8Array): { at: { line: number; col: number }; byte?: number } {
  let start = 0;
  for (let line = 1; ; line++) {
    const newline = bytes.indexOf(0x0a, start);
    const end = newline < 0 ? bytes.length : newline;
    const found = badByteInLine(bytes.subarray(start, end));
    if (found) return { at: { line, col: found.col }, ...(found.byte !== undefined ? { byte: found.byte } : {}) };
    if (newline < 0) return { at: { line, col: 1 } };
    start = end + 1;
  }
}

function badByteInLine(line: Uint8Array): { col: number; byte?: number } | undefined {
  const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
  let before = 0;
  let leadAt = 0;
  for (let i = 0; i < line.length; i++) {
    try {
      const text = decoder.decode(line.subarray(i, i + 1), { stream: true });
      before += text.length;
      if (text.length) leadAt = i + 1;
    } catch {
      // The character that failed started at the byte after the last one decoded.
      return { col: before + 1, byte: line[leadAt] };
    }
  }
  try {
    decoder.decode();
    return undefined;
  } catch {
    return { col: before + 1, ...(leadAt < line.length ? { byte: line[leadAt] } : {}) };
  }
}
