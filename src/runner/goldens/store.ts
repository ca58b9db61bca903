// Golden files on disk, read and written (where each one is: paths.ts).
import { randomBytes } from 'node:crypto';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import type { FileRoots } from '../load/roots.js';
import { existingAncestorInside } from './folder.js';
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

/**
 * Writes the golden at `file` (absolute). Its folder must resolve inside `roots` (a symlinked folder
 * leading out of the project is refused: an Error saying so, nothing written). The text goes to a
 * temporary file beside it, renamed over `file`: a symlink at `file` is replaced, never written
 * through, and a reader never sees half a golden.
 */
export async function writeGolden(
  file: string,
  golden: GoldenTranscript,
  header = RECORDED_BY_RUN,
  roots: FileRoots = [process.cwd()],
): Promise<void> {
  const folder = path.dirname(file);
  if (!existingAncestorInside(folder, roots))
    throw new Error(
      `not written: its folder leads outside the project (${roots.join(', ')}); ` +
        'goldens stay inside it unless the config lists more folders in files.allowRoots',
    );
  await mkdir(folder, { recursive: true });
  const temp = path.join(folder, `.${path.basename(file)}.${randomBytes(6).toString('hex')}.tmp`);
  try {
    await writeFile(temp, header + YAML.stringify(golden, { lineWidth: 0 }), { flag: 'wx' });
    await rename(temp, file);
  } catch (err) {
    await rm(temp, { force: true });
    throw err;
  }
}
