// File names and writing shared by the file reporters (names are fixed: tools and CI configs rely on them).
// A report on disk is always whole and always from the current run: each is written to a temporary file
// and renamed over the old one, and a run removes the previous run's reports before it starts.
import { mkdir, readdir, rename, rm, writeFile } from 'node:fs/promises';
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
  await mkdir(outputDir, { recursive: true });
  const path = join(outputDir, name);
  const temporary = join(outputDir, `.${name}.${process.pid}.${(written += 1)}.tmp`);
  try {
    await writeFile(temporary, typeof content === 'string' ? content : coalesced(content), 'utf8');
    await rename(temporary, path);
  } catch (err) {
    await rm(temporary, { force: true });
    throw err;
  }
  return path;
}

/** Text is gathered into pieces of about this many characters before it is written. */
const PIECE_CHARS = 1 << 20;

/**
 * The pieces joined into few large ones: each piece writeFile is given is a write of its own (a
 * round trip to libuv's thread pool), and a report comes in hundreds of small pieces. Bytes pass
 * as they are; text is joined up to ~1 MiB, so a large report still never becomes one string.
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
  await Promise.all(ALL_REPORT_FILES.map((name) => rm(join(outputDir, name), { force: true })));
  const entries = await readdir(outputDir).catch(() => [] as string[]);
  const stale = entries.filter((entry) => {
    const m = TEMPORARY.exec(entry);
    return m !== null && ALL_REPORT_FILES.includes(m[1]!) && !isAlive(Number(m[2]));
  });
  await Promise.all(stale.map((entry) => rm(join(outputDir, entry), { force: true })));
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
