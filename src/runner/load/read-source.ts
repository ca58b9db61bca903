// Read + parse + env-interpolate one file. Never rejects: problems come back as errors.
import { readFileSync } from 'node:fs';
import { SpecError, parseYaml } from '../../validation/index.js';
import { Source, displayPath } from './source.js';
import { interpolateEnv } from './env.js';

export interface ReadResult { source?: Source; errors: SpecError[] }

/**
 * Spec files are small and local: a synchronous read costs about a tenth of fs/promises'
 * open/stat/read/close round trips, which dominated loading 1,000 files.
 */
export async function readSource(absPath: string, cwd: string, env: NodeJS.ProcessEnv): Promise<ReadResult> {
  const file = displayPath(absPath, cwd);
  let text: string;
  try {
    text = readFileSync(absPath, 'utf8');
  } catch (err) {
    const code = err instanceof Error && 'code' in err ? err.code : undefined;
    const message = err instanceof Error ? err.message : String(err);
    const reason = code === 'ENOENT' ? 'file not found' : `cannot read file: ${message}`;
    return { errors: [new SpecError(code === 'ENOENT' ? 'MISSING_FILE' : 'READ_FAILED', { file, line: 1, col: 1 }, '', reason)] };
  }
  const parsed = parseYaml(text, file);
  if (parsed.errors.length) return { errors: parsed.errors };
  const errors: SpecError[] = [];
  const raw = new Source(file, absPath, parsed.doc, parsed.value, cwd);
  const value = interpolateEnv(raw, env, errors, text);
  return { source: new Source(file, absPath, parsed.doc, value, cwd), errors };
}

/** Top-level keys that only spec files have (schemas/spec.schema.json). */
const SPEC_KEYS = ['conversations', 'defaults', 'include', 'toolTests'];

/**
 * Emulator app files sit next to specs; they are recognised by a top-level `agents:` key. A file
 * that also has spec keys is a spec with a stray `agents:`: its unknown key is an error like any other.
 */
export function isEmulatorApp(value: unknown): boolean {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
  return 'agents' in value && !SPEC_KEYS.some((k) => k in value);
}
