// The committed types of spec documents must be what scripts/gen-types.mjs makes of the current
// schemas: a schema edit without `npm run gen:types` fails here, before the loader's types drift.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { generate, TARGETS } from '../../scripts/gen-types.mjs';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

describe('types generated from the JSON Schemas', () => {
  it.each(TARGETS)('$out matches $schema', async (target) => {
    for (const { out, text: fresh } of await generate(target)) {
      const committed = readFileSync(`${ROOT}${out}`, 'utf8');
      if (fresh !== committed) expect.fail(`${out}: types are stale: run npm run gen:types`);
    }
  });
});
