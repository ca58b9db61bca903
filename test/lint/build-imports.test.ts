// bench/ and scripts/ import the build (dist/), which knip leaves alone (it is git-ignored): an export
// they alone use looks dead to the dead-export check. This keeps them honest: every name they import
// from dist/ is exported by the source file it is built from.
import { readdir, readFile } from 'node:fs/promises';
import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const FOLDERS = ['bench', 'bench/lib', 'scripts'];
/** A static import of the build: `import { a, b as c } from '../dist/x/y.js'`. */
const DIST_IMPORT = /import\s*\{([^}]*)\}\s*from\s*'((?:\.\.\/)+dist\/[^']+)\.js'/g;

async function distImports(): Promise<Array<{ from: string; source: string; names: string[] }>> {
  const found = [];
  for (const folder of FOLDERS) {
    for (const file of await readdir(path.join(ROOT, folder))) {
      if (!file.endsWith('.mjs')) continue;
      const text = await readFile(path.join(ROOT, folder, file), 'utf8');
      for (const [, list, specifier] of text.matchAll(DIST_IMPORT)) {
        const built = path.resolve(ROOT, folder, specifier!);
        const source = path.join(ROOT, 'src', path.relative(path.join(ROOT, 'dist'), built)) + '.ts';
        const names = list!.split(',').map((n) => n.trim().split(/\s+as\s+/)[0]!);
        found.push({ from: `${folder}/${file}`, source, names: names.filter(Boolean) });
      }
    }
  }
  return found;
}

describe('imports of the build from bench/ and scripts/', () => {
  it('name exports of the source files they are built from', async () => {
    const imports = await distImports();
    expect(imports.length).toBeGreaterThan(5);
    for (const { from, source, names } of imports) {
      const module = (await import(pathToFileURL(source).href)) as Record<string, unknown>;
      for (const name of names) expect(module[name], `${from}: ${name} from ${source}`).toBeDefined();
    }
  });
});
