// Files shipped with the package are found from its root, whichever layout the code runs from
// (src/ here; dist/ and the bundled dist/bin/ in the CLI tests).
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { PACKAGE_ROOT, TOOL_VERSION, packagePath, readSchema } from '../src/package-root.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

describe('package root', () => {
  it('is the directory of cxas-eval package.json, and the version is read from it', () => {
    const manifest = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string };
    expect(PACKAGE_ROOT).toBe(ROOT);
    expect(TOOL_VERSION).toBe(manifest.version);
  });

  it('resolves the shipped schemas and demo', () => {
    expect(packagePath('schemas', 'spec.schema.json')).toBe(path.join(ROOT, 'schemas', 'spec.schema.json'));
    expect(existsSync(packagePath('schemas', 'spec.schema.json'))).toBe(true);
    expect(existsSync(packagePath('specs', 'demo', 'app.yaml'))).toBe(true);
  });

  it('reads each shipped schema once: every caller gets the same parsed object', () => {
    const schema = readSchema('report.schema.json');
    expect(schema).toMatchObject({ $id: expect.stringContaining('report.schema.json') });
    expect(readSchema('report.schema.json')).toBe(schema);
  });
});
