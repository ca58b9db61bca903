// The disk cache of valid structured replies: one file per key, written atomically (temp file + rename),
// so concurrent runs never read half a file. Only replies that passed validation are stored.
// Each entry carries its key material and an HMAC-SHA256 over material and reply, keyed by a secret kept
// outside the cache folder (cache-secret.ts): an entry edited by hand (fail → pass), copied under another
// key or written by another machine is a miss with a warning, never a cached verdict. Entries hold only
// masked text (the caller masks requests; a reply that masking would change is not stored), files are
// 0600 and folders 0700.
import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { chmod, mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import type { CacheConfig } from '../model/config.generated.js';
import { canonicalJson, type JsonObject, type JsonValue } from '../model/json.js';
import { loadCacheSecret } from './cache-secret.js';

export type CacheMode = NonNullable<CacheConfig['mode']>;

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

function canonicalSchema(schema: JsonObject): string {
  let text = schemaText.get(schema);
  if (text === undefined) {
    text = canonicalJson(schema);
    schemaText.set(schema, text);
  }
  return text;
}

/** SHA-256 of the parts as canonical JSON (keys sorted at every level), so key order never matters. */
export function cacheKey(parts: CacheKeyParts): string {
  const schema = canonicalSchema(parts.schema);
  // Exactly canonicalJson(parts): the empty placeholder is the only `"schema":""` in the text
  // (keys are unique and quotes inside string values are escaped).
  const { schema: _schema, ...rest } = parts;
  const text = canonicalJson({ ...rest, schema: '' } as unknown as JsonValue).replace(
    '"schema":""',
    `"schema":${schema}`,
  );
  return createHash('sha256').update(text).digest('hex');
}

/** The key material as stored in an entry: the schema by its SHA-256 (it is a constant of the code). */
function storedMaterial(parts: CacheKeyParts): JsonObject {
  const { schema, ...rest } = parts;
  return { ...rest, schemaSha256: createHash('sha256').update(canonicalSchema(schema)).digest('hex') };
}

export interface CachedReply {
  value: JsonValue;
  model: string;
  savedAt: string;
}

interface StoredEntry extends CachedReply {
  key: JsonObject;
  hmac: string;
}

export interface DiskCacheOptions {
  /** The signing secret; default: loadCacheSecret() (CXAS_EVAL_CACHE_SECRET or the state folder). */
  secret?: () => Promise<Buffer>;
  /** Where integrity failures are told (one line each, the first few per run). */
  warn?: (message: string) => void;
}

const MAX_WARNINGS = 3;

export class DiskCache {
  /** Shard folders known to exist: one mkdir per folder per run, not per entry. */
  private readonly made = new Set<string>();
  private secret?: Promise<Buffer | undefined>;
  private warnings = 0;

  constructor(
    readonly dir: string,
    readonly mode: CacheMode,
    private readonly options: DiskCacheOptions = {},
  ) {}

  fileOf(key: string): string {
    return path.join(this.dir, key.slice(0, 2), `${key}.json`);
  }

  /**
   * The entry for `key` if it is intact and was made for exactly `material`. A missing or unreadable
   * entry is a quiet miss; a corrupt, unsigned, mis-signed or foreign one is a miss and a warning.
   */
  async get(key: string, material: CacheKeyParts): Promise<CachedReply | undefined> {
    if (this.mode === 'off') return undefined;
    let text: string;
    try {
      text = await readFile(this.fileOf(key), 'utf8');
    } catch {
      return undefined;
    }
    const secret = await this.signingSecret();
    if (!secret) return undefined;
    const entry = parseEntry(text);
    const expected = storedMaterial(material);
    if (
      !entry ||
      !sameMac(entry.hmac, mac(secret, expected, entry)) ||
      canonicalJson(entry.key) !== canonicalJson(expected)
    ) {
      this.warn(`ignored cache entry ${this.fileOf(key)}: it fails its integrity check (edited, or signed elsewhere)`);
      return undefined;
    }
    return { value: entry.value, model: entry.model, savedAt: entry.savedAt };
  }

  async set(key: string, entry: CachedReply, material: CacheKeyParts): Promise<void> {
    if (this.mode !== 'readwrite') return;
    const secret = await this.signingSecret();
    if (!secret) return;
    const file = this.fileOf(key);
    await this.folder(path.dirname(file));
    const keyMaterial = storedMaterial(material);
    const stored: StoredEntry = { ...entry, key: keyMaterial, hmac: mac(secret, keyMaterial, entry) };
    const tmp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
    await writeFile(tmp, `${JSON.stringify(stored)}\n`, { mode: 0o600 });
    await rename(tmp, file);
  }

  /** The cache folder and the shard folder, 0700 (also when an older version made them 0755). */
  private async folder(folder: string): Promise<void> {
    if (this.made.has(folder)) return;
    await mkdir(folder, { recursive: true, mode: 0o700 });
    await chmod(this.dir, 0o700);
    await chmod(folder, 0o700);
    this.made.add(folder);
  }

  /** Loaded once; without a secret the cache is off for this run (said once). */
  private signingSecret(): Promise<Buffer | undefined> {
    this.secret ??= (this.options.secret ?? loadCacheSecret)().catch((err: unknown) => {
      this.warn(`LLM cache off: no signing secret (${(err as Error).message})`);
      return undefined;
    });
    return this.secret;
  }

  private warn(message: string): void {
    this.warnings += 1;
    if (this.warnings > MAX_WARNINGS) return;
    const more = this.warnings === MAX_WARNINGS ? ' (further cache warnings of this run are not shown)' : '';
    (this.options.warn ?? defaultWarn)(`${message}${more}`);
  }
}

function defaultWarn(message: string): void {
  process.emitWarning(message, 'CxasEvalCacheWarning');
}

/** HMAC-SHA256 over the canonical JSON of the key material and the stored reply. */
function mac(secret: Buffer, key: JsonObject, entry: CachedReply): string {
  const signed = { key, value: entry.value, model: entry.model, savedAt: entry.savedAt };
  return createHmac('sha256', secret).update(canonicalJson(signed)).digest('hex');
}

function sameMac(a: string, b: string): boolean {
  const x = Buffer.from(a, 'utf8');
  const y = Buffer.from(b, 'utf8');
  return x.length === y.length && timingSafeEqual(x, y);
}

function parseEntry(text: string): StoredEntry | undefined {
  try {
    const e = JSON.parse(text) as Partial<StoredEntry> | null;
    const ok =
      e !== null &&
      typeof e === 'object' &&
      'value' in e &&
      typeof e.model === 'string' &&
      typeof e.savedAt === 'string' &&
      typeof e.hmac === 'string' &&
      e.key !== null &&
      typeof e.key === 'object' &&
      !Array.isArray(e.key);
    return ok ? (e as StoredEntry) : undefined;
  } catch {
    return undefined;
  }
}
