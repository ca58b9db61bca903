// The dead-export check of `npm run lint` (knip with knip.jsonc) passes on the project and can fail:
// in a copy of it, an export nothing imports and a file nothing reaches make knip exit non-zero and
// name them; an export of the package API (src/index.ts) counts as used. The repository is not touched.
import { execFile } from 'node:child_process';
import { appendFile, cp, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const KNIP = path.join(ROOT, 'node_modules/knip/bin/knip.js');
/** What knip reads: the configs, the package manifest and every folder of its entries and project. */
const FOLDERS = ['src', 'test', 'scripts', 'bench'];
const CONFIGS = ['package.json', 'knip.jsonc', 'vitest.config.ts', 'eslint.config.js', 'tsconfig.json'];
// .gitignore too: knip leaves imports of the build's output (dist/, ignored) to the build.
const COPIED = [...FOLDERS, ...CONFIGS, 'tsconfig.build.json', 'tsconfig.page.json', '.gitignore'];

let copy: string;

beforeAll(async () => {
  copy = await mkdtemp(path.join(os.tmpdir(), 'cxas-knip-'));
  for (const entry of COPIED) await cp(path.join(ROOT, entry), path.join(copy, entry), { recursive: true });
  await symlink(path.join(ROOT, 'node_modules'), path.join(copy, 'node_modules'), 'dir');
});
afterAll(() => rm(copy, { recursive: true, force: true }));

async function knip(): Promise<{ code: number; stdout: string }> {
  try {
    const { stdout } = await promisify(execFile)(process.execPath, [KNIP, '--no-progress', '--no-config-hints'], {
      cwd: copy,
    });
    return { code: 0, stdout };
  } catch (err) {
    const failed = err as { code?: number; stdout?: string };
    return { code: failed.code ?? -1, stdout: failed.stdout ?? '' };
  }
}

describe('dead-export check (knip)', () => {
  it('passes on the project as it is', async () => {
    expect(await knip()).toEqual({ code: 0, stdout: '' });
  });

  it('fails on an export nothing imports and a file nothing reaches, not on the package API', async () => {
    await appendFile(path.join(copy, 'src/model/pattern.ts'), '\nexport const zzNobodyImportsThis = 1;\n');
    await writeFile(path.join(copy, 'src/model/zz-unreached.ts'), 'export const zzUnreached = 2;\n');
    // Exported from src/index.ts only: the package's public API, used by definition.
    await appendFile(path.join(copy, 'src/model/json.ts'), '\nexport const zzPublic = 3;\n');
    await appendFile(path.join(copy, 'src/index.ts'), "\nexport { zzPublic } from './model/json.js';\n");
    const { code, stdout } = await knip();
    expect(code).not.toBe(0);
    expect(stdout).toMatch(/zzNobodyImportsThis\s+src\/model\/pattern\.ts/);
    expect(stdout).toContain('src/model/zz-unreached.ts');
    expect(stdout).not.toContain('zzPublic');
  });
});
