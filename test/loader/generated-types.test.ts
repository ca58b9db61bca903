// The committed types of spec documents must be what scripts/gen-types.mjs makes of the current
// schemas: a schema edit without `npm run gen:types` fails here, before the loader's types drift.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { generate, TARGETS } from '../../scripts/gen-types.mjs';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

describe('types generated from the JSON Schemas', () => {
  it.each(TARGETS)('$out matches $schema', async (target) => {
    const committed = readFileSync(`${ROOT}${target.out}`, 'utf8');
    const fresh = await generate(target);
    if (fresh !== committed) expect.fail('types are stale: run npm run gen:types');
  });
});
