// The import boundaries of eslint.config.js hold: a forbidden import in a folder fails lint, and the
// allowed one next to it passes. ESLint's Node API lints source text as if it were a file in that
// folder (nothing is written to src/), with the project's own configuration.
import { fileURLToPath } from 'node:url';
import { ESLint } from 'eslint';
import { beforeAll, describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
let eslint: ESLint;

beforeAll(() => {
  eslint = new ESLint({ cwd: ROOT });
});

/** The boundary messages ESLint reports for `code` placed in `file` (relative to the repository). */
async function boundaryErrors(file: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(`${code}\nexport const used = x;\n`, { filePath: `${ROOT}/${file}` });
  return (result?.messages ?? []).filter((m) => m.ruleId?.startsWith('boundaries/')).map((m) => m.message);
}

describe('import boundaries (eslint-plugin-boundaries allow-list)', () => {
  it('forbids the emulator from reaching into the client beyond client/proto', async () => {
    const errors = await boundaryErrors(
      'src/emulator/zz-probe.ts',
      "import { EMULATOR_TOKEN as x } from '../client/bidi/client.js';",
    );
    expect(errors).toEqual([expect.stringContaining('src/emulator may not import src/client/bidi/client.ts')]);
    expect(
      await boundaryErrors(
        'src/emulator/zz-probe.ts',
        "import { loadCesProtos as x } from '../client/proto/index.js';",
      ),
    ).toEqual([]);
  });

  it('forbids deep imports: another folder is reached through its index.ts only', async () => {
    const deep = await boundaryErrors(
      'src/runner/run/zz-probe.ts',
      "import { normalizeTurn as x } from '../../client/normalize.js';",
    );
    expect(deep).toEqual([expect.stringContaining('src/runner may not import src/client/normalize.ts')]);
    expect(
      await boundaryErrors('src/runner/run/zz-probe.ts', "import { normalizeTurn as x } from '../../client/index.js';"),
    ).toEqual([]);
    expect(
      await boundaryErrors('src/cli/zz-probe.ts', "import { loadSpecs as x } from '../runner/load/index.js';"),
    ).toHaveLength(1);
  });

  it.each([
    ['src/model/zz-probe.ts', "import { SpecError as x } from '../validation/index.js';"],
    ['src/reporters/zz-probe.ts', "import { encodeWav as x } from '../audio/index.js';"],
    ['src/assertions/zz-probe.ts', "import { SpecError as x } from '../validation/index.js';"],
    ['src/client/zz-probe.ts', "import { loadSpecs as x } from '../runner/index.js';"],
    ['src/runner/zz-probe.ts', "import { createReporter as x } from '../reporters/index.js';"],
    ['src/audio/zz-probe.ts', "import { SpecError as x } from '../validation/index.js';"],
    ['src/validation/zz-probe.ts', "import { Sessions as x } from '../client/index.js';"],
  ])('forbids what is not on the allow-list (%s: %s)', async (file, code) => {
    expect(await boundaryErrors(file, code)).toEqual([expect.stringMatching(/^src\/\w+ may not import src\//)]);
  });

  it('forbids I/O modules in the pure assertions, as a type import too', async () => {
    expect(await boundaryErrors('src/assertions/zz-probe.ts', "import { readFileSync as x } from 'node:fs';")).toEqual([
      expect.stringContaining('src/assertions is pure'),
    ]);
    expect(await boundaryErrors('src/assertions/zz-probe.ts', "import type { Socket as x } from 'node:net';")).toEqual([
      expect.stringContaining('src/assertions is pure'),
    ]);
    expect(await boundaryErrors('src/assertions/zz-probe.ts', "import { diffChars as x } from 'diff';")).toEqual([]);
  });

  it('gives a folder missing from the allow-list no imports at all', async () => {
    const errors = await boundaryErrors(
      'src/zz-new-folder/probe.ts',
      "import type { JsonValue as x } from '../model/json.js';",
    );
    expect(errors).toEqual([expect.stringContaining('may not import src/model/json.ts')]);
  });
});
