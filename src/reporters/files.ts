// File names and writing shared by the file reporters (names are fixed: tools and CI configs rely on them).
// A report on disk is always whole and always from the current run: each is written to a temporary file
// and renamed over the old one, and a run removes the previous run's reports before it starts.
// The files are written (and the old ones removed) with synchronous calls: a report is written once,
// when the run has ended and nothing else is going on, and each asynchronous step (mkdir, open, every
// write, close, rename) is a round trip to libuv's thread pool. The demo run ended ~4 ms sooner this
// way (medians of 41 alternating runs), for three reports of ~60 kB.
import { closeSync, mkdirSync, openSync, readdirSync, renameSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';

export const REPORT_FILES = { json: 'results.json', junit: 'junit.xml', html: 'report.html' } as const;

/** Every report name a run may leave (including the partial JSON of earlier versions). */
const ALL_REPORT_FILES = [...Object.values(REPORT_FILES), 'results.partial.json'];

let written = 0;

/**
 * `content` as one string, or as pieces (text or UTF-8 bytes) written in order: a large report need
 * never be one string.
 */
export async function writeReportFile(
  outputDir: string,
  name: string,
  content: string | Iterable<string | Uint8Array>,
): Promise<string> {
  mkdirSync(outputDir, { recursive: true });
  const path = join(outputDir, name);
  const temporary = join(outputDir, `.${name}.${process.pid}.${(written += 1)}.tmp`);
  try {
    writePieces(temporary, typeof content === 'string' ? [content] : coalesced(content));
    renameSync(temporary, path);
  } catch (err) {
    rmSync(temporary, { force: true });
    throw err;
  }
  return path;
}

/** Creates `file` with the pieces in order (text as UTF-8). */
function writePieces(file: string, pieces: Iterable<string | Uint8Array>): void {
  const fd = openSync(file, 'w');
  try {
    for (const piece of pieces) {
      const bytes = typeof piece === 'string' ? Buffer.from(piece, 'utf8') : piece;
      for (let done = 0; done < bytes.length;) done += writeSync(fd, bytes, done);
    }
  } finally {
    closeSync(fd);
  }
}

/** Text is gathered into pieces of about this many characters before it is written. */
const PIECE_CHARS = 1 << 20;

/**
 * The pieces joined into few large ones: each piece is a write of its own, and a report comes in
 * hundreds of small pieces. Bytes pass as they are; text is joined up to ~1 MiB, so a large report
 * still never becomes one string.
 */
function* coalesced(pieces: Iterable<string | Uint8Array>): Generator<string | Uint8Array> {
  let text: string[] = [];
  let chars = 0;
  for (const piece of pieces) {
    if (typeof piece !== 'string') {
      if (text.length) yield text.join('');
      text = [];
      chars = 0;
      yield piece;
      continue;
    }
    text.push(piece);
    chars += piece.length;
    if (chars >= PIECE_CHARS) {
      yield text.join('');
      text = [];
      chars = 0;
    }
  }
  if (text.length) yield text.join('');
}

/**
 * Removes a previous run's reports, so an interrupted or failed run never leaves stale ones (a green
 * junit.xml), and the temporary files of runs killed while writing (`.results.json.<pid>.<n>.tmp`,
 * possibly hundreds of MB) whose process is gone.
 */
export async function removeReportFiles(outputDir: string): Promise<void> {
  for (const name of ALL_REPORT_FILES) rmSync(join(outputDir, name), { force: true });
  let entries: string[] = [];
  try {
    entries = readdirSync(outputDir);
  } catch {
    return; // no directory: nothing left from an earlier run
  }
  const stale = entries.filter((entry) => {
    const m = TEMPORARY.exec(entry);
    return m !== null && ALL_REPORT_FILES.includes(m[1]!) && !isAlive(Number(m[2]));
  });
  for (const entry of stale) rmSync(join(outputDir, entry), { force: true });
}

/** `.<report>.<pid>.<n>.tmp`, as writeReportFile names them. */
const TEMPORARY = /^\.(.+)\.(\d+)\.\d+\.tmp$/;

function isAlive(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: it exists, owned by someone else.
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}
