// Golden files on disk, read and written (where each one is: paths.ts).
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import YAML from 'yaml';
import type { GoldenTranscript } from './transcript.js';

export async function readGolden(file: string): Promise<GoldenTranscript | undefined> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
  const value = YAML.parse(text) as GoldenTranscript;
  if (!value || !Array.isArray(value.turns))
    throw new Error(`${file}: not a golden transcript (no turns list); re-record it with --update-goldens`);
  return value;
}

const RECORDED_BY_RUN = '# Golden transcript recorded by `cxas-eval run --update-goldens`. Review changes like code.\n';

export async function writeGolden(file: string, golden: GoldenTranscript, header = RECORDED_BY_RUN): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(file, header + YAML.stringify(golden, { lineWidth: 0 }));
}
