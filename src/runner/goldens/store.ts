// Golden files on disk, read and written (where each one is: paths.ts).
import { mkdir, writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import YAML from 'yaml';
import { packagePath, readSchema } from '../../package-root.js';
import { SpecError, loadYamlFile } from '../../validation/index.js';
import type { GoldenTranscript } from './transcript.js';

const GOLDEN_SCHEMA = 'golden.schema.json';

/** A golden file as found: none, a golden, or one that cannot be compared (and why, located). */
export type StoredGolden =
  | { kind: 'absent' }
  | { kind: 'golden'; golden: GoldenTranscript }
  | {
      kind: 'invalid';
      errors: SpecError[];
      /** A regular file with wrong content, which --update-goldens may write over (not a FIFO, a device, a folder). */
      replaceable: boolean;
    };

/** Codes of a path that is no regular file one can read (or write without blocking). */
const NOT_REPLACEABLE = new Set(['NOT_A_FILE', 'READ_FAILED']);

/**
 * The golden at `file` (absolute), named `shown` in messages. Read like every input, bounded (a FIFO
 * or a device is an error, never a hang) and checked against schemas/golden.schema.json: a key typo
 * (`toolcalls`) would otherwise turn its comparison off and the run pass.
 */
export async function readGolden(file: string, shown: string): Promise<StoredGolden> {
  const loaded = await loadYamlFile(file, readSchema(GOLDEN_SCHEMA), packagePath('schemas', GOLDEN_SCHEMA));
  if (loaded.errors.length === 0) return { kind: 'golden', golden: loaded.value as GoldenTranscript };
  if (loaded.errors.some((e) => e.code === 'MISSING_FILE')) return { kind: 'absent' };
  const errors = loaded.errors.map((e) => new SpecError(e.code, { ...e.loc, file: shown }, e.path, e.text));
  return { kind: 'invalid', errors, replaceable: !errors.some((e) => NOT_REPLACEABLE.has(e.code)) };
}

const RECORDED_BY_RUN = '# Golden transcript recorded by `cxas-eval run --update-goldens`. Review changes like code.\n';

export async function writeGolden(file: string, golden: GoldenTranscript, header = RECORDED_BY_RUN): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(file, header + YAML.stringify(golden, { lineWidth: 0 }));
}
