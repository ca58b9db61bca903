// The disk cache of valid structured replies: one file per key, written atomically (temp file + rename),
// so concurrent runs never read half a file. Only replies that passed validation are stored.
import { createHash, randomBytes } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import { canonicalJson, type JsonObject, type JsonValue } from '../model/json.js';

export type CacheMode = 'readwrite' | 'read' | 'off';

export interface CacheKeyParts {
  promptVersion: string;
  backend: string;
  model: string;
  temperature: number;
  seed: number | null;
  schema: JsonObject;
  renderedPrompt: string;
  sampleIndex: number;
}

/** Schemas are constants: their canonical text is computed once each. */
const schemaText = new WeakMap<object, string>();

/** SHA-256 of the parts as canonical JSON (keys sorted at every level), so key order never matters. */
export function cacheKey(parts: CacheKeyParts): string {
  let schema = schemaText.get(parts.schema);
  if (schema === undefined) {
    schema = canonicalJson(parts.schema);
    schemaText.set(parts.schema, schema);
  }
  // Exactly canonicalJson(parts): the empty placeholder is the only `"schema":""` in the text
  // (keys are unique and quotes inside string values are escaped).
  const { schema: _schema, ...rest } = parts;
  const text = canonicalJson({ ...rest, schema: '' } as unknown as JsonValue).replace(
    '"schema":""',
    `"schema":${schema}`,
  );
  return createHash('sha256').update(text).digest('hex');
}

export interface CachedReply {
  value: JsonValue;
  model: string;
  savedAt: string;
}

export class DiskCache {
  /** Shard folders known to exist: one mkdir per folder per run, not per entry. */
  private readonly made = new Set<string>();

  constructor(
    readonly dir: string,
    readonly mode: CacheMode,
  ) {}

  fileOf(key: string): string {
    return path.join(this.dir, key.slice(0, 2), `${key}.json`);
  }

  /** A missing, unreadable or corrupt entry is a miss (it is re-asked and rewritten). */
  async get(key: string): Promise<CachedReply | undefined> {
    if (this.mode === 'off') return undefined;
    try {
      const parsed = JSON.parse(await readFile(this.fileOf(key), 'utf8')) as Partial<CachedReply>;
      return parsed && 'value' in parsed && typeof parsed.model === 'string' ? (parsed as CachedReply) : undefined;
    } catch {
      return undefined;
    }
  }

  async set(key: string, entry: CachedReply): Promise<void> {
    if (this.mode !== 'readwrite') return;
    const file = this.fileOf(key);
    const folder = path.dirname(file);
    if (!this.made.has(folder)) {
      await mkdir(folder, { recursive: true });
      this.made.add(folder);
    }
    const tmp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
    await writeFile(tmp, `${JSON.stringify(entry)}\n`);
    await rename(tmp, file);
  }
}
