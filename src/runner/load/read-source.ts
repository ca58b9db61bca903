// Read + parse + env-interpolate one file. Never rejects: problems come back as errors.
import { fileURLToPath } from 'node:url';
import { packagePath } from '../../package-root.js';
import {
  SpecError,
  checkKey,
  fileProblemError,
  inputLimits,
  parseYaml,
  readBoundedText,
} from '../../validation/index.js';
import { Source, displayPath } from './source.js';
import { interpolateEnv, type EnvSubstitutions } from './env.js';
import type { EnvValue } from '../../model/env-values.js';
import type { FileRoots } from './roots.js';

export interface ReadResult {
  source?: Source;
  errors: SpecError[];
  bytes?: number;
}

/**
 * `envValues`: where the values of `${env.NAME}` references are recorded, one list for all the files
 * of a load (FragmentCache.envValues), so a message about any of them can name the variable instead.
 * Spec files are small and local: a synchronous read costs about a tenth of fs/promises'
 * open/stat/read/close round trips, which dominated loading 1,000 files. Only regular files within
 * the size limit are read (src/validation/limits.ts), and a file that is not a YAML document (its
 * root is a bare scalar: a .env file, /proc content, binary data) is refused without quoting it.
 */
export async function readSource(
  absPath: string,
  cwd: string,
  env: NodeJS.ProcessEnv,
  roots: FileRoots = [cwd],
  envValues: EnvValue[] = [],
): Promise<ReadResult> {
  const file = displayPath(absPath, cwd);
  const at = { file, line: 1, col: 1 };
  const read = readBoundedText(absPath, inputLimits().specFileBytes);
  if ('problem' in read) return { errors: [fileProblemError(file, read.problem)] };
  const parsed = parseYaml(read.text, file);
  if (parsed.errors.length) return { errors: parsed.errors };
  if (parsed.value !== null && typeof parsed.value !== 'object') {
    return {
      errors: [
        new SpecError('NOT_YAML', at, '', 'not a YAML mapping (its content is not shown: it may not be a spec at all)'),
      ],
    };
  }
  const errors: SpecError[] = [];
  const raw = new Source(file, absPath, parsed.doc, parsed.value, cwd, roots);
  const seen: EnvSubstitutions = { values: envValues, written: new Map() };
  const value = interpolateEnv(raw, env, errors, read.text, seen);
  const templated = read.text.includes('${each.') || read.text.includes('${with.');
  const passKey = value === parsed.value ? specPassKey(read.text) : undefined;
  const extra = {
    templated,
    ...(passKey !== undefined ? { passKey } : {}),
    ...(seen.written.size ? { env: seen } : {}),
  };
  return { source: new Source(file, absPath, parsed.doc, value, cwd, roots, extra), errors, bytes: read.bytes };
}

/** What checks a spec: this code (and the bundle chunk it is in) and the spec schema it reads. */
let specCheckCode: readonly string[] | undefined;

const specPassKey = (text: string): string | undefined =>
  checkKey(
    'spec',
    (specCheckCode ??= [fileURLToPath(import.meta.url), packagePath('schemas', 'spec.schema.json')]),
    text,
  );

/** Top-level keys that only spec files have (schemas/spec.schema.json). */
const SPEC_KEYS = ['conversations', 'defaults', 'include', 'steps', 'toolTests'];

/**
 * Emulator app files sit next to specs; they are recognised by a top-level `agents:` key. A file
 * that also has spec keys is a spec with a stray `agents:`: its unknown key is an error like any other.
 */
export function isEmulatorApp(value: unknown): boolean {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
  return 'agents' in value && !SPEC_KEYS.some((k) => k in value);
}
