// The JSON Schemas shipped in schemas/, read once per process.
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

/** src/runner/load and dist/runner/load both sit three levels below the package root. */
export const SCHEMAS_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../schemas');

const cache = new Map<string, object>();

export function readSchema(name: `${string}.schema.json`): object {
  const cached = cache.get(name);
  if (cached) return cached;
  const schema: object = JSON.parse(readFileSync(path.join(SCHEMAS_DIR, name), 'utf8'));
  cache.set(name, schema);
  return schema;
}
