// Paths given on the command line → spec files: files as given, directories searched recursively.
import { stat } from 'node:fs/promises';
import * as path from 'node:path';
import { SpecError } from '../../validation/index.js';
import { displayPath } from './source.js';

/** Absolute file paths, sorted and unique, and those given by name; a path that does not exist is an error. */
export async function discoverSpecFiles(
  paths: string[],
  cwd: string,
  errors: SpecError[],
): Promise<{ files: string[]; named: Set<string> }> {
  const found = new Set<string>();
  const named = new Set<string>();
  for (const p of paths) {
    const abs = path.resolve(cwd, p);
    const kind = await stat(abs).then(
      (s) => (s.isDirectory() ? 'dir' : 'file'),
      () => undefined,
    );
    if (kind === 'file') {
      found.add(abs);
      named.add(abs);
    } else if (kind === 'dir') for (const f of await specFilesUnder(abs)) found.add(f);
    else
      errors.push(
        new SpecError(
          'MISSING_FILE',
          { file: displayPath(abs, cwd), line: 1, col: 1 },
          '',
          'no such file or directory',
        ),
      );
  }
  return { files: [...found].sort(), named };
}

/** `goldens/` holds recorded transcripts, not specs; node_modules is never a spec folder. */
async function specFilesUnder(dir: string): Promise<string[]> {
  const { glob } = await import('tinyglobby'); // only directories need it: not loaded for files given by name
  const files = await glob(['**/*.yaml', '**/*.yml'], {
    cwd: dir,
    absolute: true,
    ignore: ['**/goldens/**', '**/node_modules/**'],
  });
  return files.map((f) => path.resolve(f));
}
