// Recorded conversations into a spec file on disk: appended to what is there (append.ts), each
// name made unique within the file, written whole through a temporary file renamed into place.
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import { packagePath } from '../../package-root.js';
import { appendToSpecText, conversationNames, newSpecText, type RecordedEntry } from './append.js';
import { defaultsEffect, type SessionSettings } from './defaults.js';

export interface WriteOptions {
  /** Comment lines at the top of a new file (after the schema line). */
  header?: string[];
  /**
   * The recorded session's settings: keys the file's `defaults:` would change are written on each
   * conversation, and defaults no key can undo are returned as warnings (defaults.ts).
   */
  session?: SessionSettings;
}

export interface Written {
  /** The names the entries were written under. */
  names: string[];
  /** Defaults of the file the recordings will run under and cannot undo, each at its place. */
  warnings: string[];
}

/** Appends `entries` to `file` (created when missing). */
export async function writeRecorded(
  file: string,
  entries: readonly RecordedEntry[],
  opts: WriteOptions = {},
): Promise<Written> {
  const existing = await readFile(file, 'utf8').catch((err: NodeJS.ErrnoException) => {
    if (err.code === 'ENOENT') return undefined;
    throw new Error(`cannot read ${file}: ${err.code ?? err.message}`);
  });
  const effect =
    existing !== undefined && opts.session
      ? defaultsEffect(existing, file, opts.session)
      : { overrides: {}, warnings: [] };
  const taken = new Set(existing === undefined ? [] : conversationNames(existing));
  const named = entries.map((e) => {
    const name = uniqueName(String(e.conversation['name']), taken);
    taken.add(name);
    // The overrides right after `match:`, before the turns (they are settings of the whole conversation).
    const { name: _name, match, ...rest } = e.conversation;
    return { ...e, conversation: { name, ...(match !== undefined ? { match } : {}), ...effect.overrides, ...rest } };
  });
  const schema = path.relative(path.dirname(path.resolve(file)), packagePath('schemas', 'spec.schema.json'));
  const schemaPath = schema.split(path.sep).join('/');
  let text: string;
  try {
    text =
      existing === undefined
        ? newSpecText(named, schemaPath, opts.header)
        : appendToSpecText(existing, named, schemaPath);
  } catch (err) {
    throw new Error(`cannot add to ${file}: ${(err as Error).message}`);
  }
  await mkdir(path.dirname(path.resolve(file)), { recursive: true });
  const partial = `${file}.partial`;
  await writeFile(partial, text);
  await rename(partial, file);
  return { names: named.map((e) => e.conversation.name), warnings: effect.warnings };
}

/** `name`, or `name (2)`, `name (3)`… when the file already has it. */
function uniqueName(name: string, taken: ReadonlySet<string>): string {
  if (!taken.has(name)) return name;
  for (let n = 2; ; n++) if (!taken.has(`${name} (${n})`)) return `${name} (${n})`;
}
