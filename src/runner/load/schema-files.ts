// The JSON Schemas shipped in schemas/, read once per process.
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { packagePath } from '../../package-root.js';

export const SCHEMAS_DIR = packagePath('schemas');

const cache = new Map<string, object>();

export function readSchema(name: `${string}.schema.json`): object {
  const cached = cache.get(name);
  if (cached) return cached;
  const schema: object = JSON.parse(readFileSync(path.join(SCHEMAS_DIR, name), 'utf8'));
  cache.set(name, schema);
  return schema;
}
