// Where the package lives, the files it ships beside its code (package.json, schemas/, specs/),
// and the one reader of its JSON Schemas. Found by walking up from this module, not by a fixed
// relative path, because the same code runs from three layouts: src/ (tests), tsc's dist/ tree
// (the library), and the bundled CLI in dist/bin/ (docs/architecture.md, "Runner performance").
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const PACKAGE_NAME = 'cxas-eval';

function findPackageRoot(start: string): { root: string; version: string } {
  for (let dir = start; ; dir = path.dirname(dir)) {
    const manifest = path.join(dir, 'package.json');
    if (existsSync(manifest)) {
      const { name, version } = JSON.parse(readFileSync(manifest, 'utf8')) as { name?: unknown; version?: unknown };
      if (name === PACKAGE_NAME && typeof version === 'string') return { root: dir, version };
    }
    if (path.dirname(dir) === dir) {
      throw new Error(`${PACKAGE_NAME}: no package.json of ${PACKAGE_NAME} above ${start}`);
    }
  }
}

const found = findPackageRoot(path.dirname(fileURLToPath(import.meta.url)));

/** The package's root directory (the one holding its package.json). */
export const PACKAGE_ROOT: string = found.root;

/** The tool's version, from package.json (reports carry it). */
export const TOOL_VERSION: string = found.version;

/** A file shipped with the package, e.g. `packagePath('schemas', 'spec.schema.json')`. */
export function packagePath(...segments: string[]): string {
  return path.join(PACKAGE_ROOT, ...segments);
}

/** The bundled demo app: what the emulator serves when no app is named (run, validate, chat). */
export const DEMO_APP: string = packagePath('specs', 'demo', 'app.yaml');

const schemas = new Map<string, object>();

/**
 * A JSON Schema shipped in schemas/, read and parsed once per process: every folder that validates
 * against one (runner, emulator, reporters, judge) shares the same object, so compiled validators
 * cached per schema object are shared too.
 */
export function readSchema(name: `${string}.schema.json`): object {
  let schema = schemas.get(name);
  if (!schema) {
    schema = JSON.parse(readFileSync(packagePath('schemas', name), 'utf8')) as object;
    schemas.set(name, schema);
  }
  return schema;
}
