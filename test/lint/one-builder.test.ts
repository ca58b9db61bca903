// finalizeRun is the one builder of a final RunResult: a RunResult literal anywhere else in src/
// fails lint, and a change of a built result's verdict fails the type check.
import { fileURLToPath } from 'node:url';
import { ESLint } from 'eslint';
import { beforeAll, describe, expect, it } from 'vitest';
import { finalizeRun } from '../../src/model/finalize.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
let eslint: ESLint;

beforeAll(() => {
  eslint = new ESLint({ cwd: ROOT });
});

async function builderErrors(file: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: `${ROOT}/${file}` });
  return (result?.messages ?? []).filter((m) => m.ruleId === 'no-restricted-syntax').map((m) => m.message);
}

const LITERAL = 'export const x = { schemaVersion: 2, status: "passed" };\n';

describe('one builder of the RunResult', () => {
  it('a RunResult literal outside src/model/finalize.ts fails lint', async () => {
    for (const file of ['src/cli/zz-probe.ts', 'src/reporters/zz-probe.ts', 'src/platform/zz-probe.ts']) {
      expect(await builderErrors(file, LITERAL)).toEqual([expect.stringContaining('Only finalizeRun')]);
    }
    expect(await builderErrors('src/model/finalize.ts', LITERAL)).toEqual([]);
  });

  it("a built result's verdict is read-only", () => {
    const result = finalizeRun({
      runId: 'r',
      toolVersion: '0',
      startedAt: new Date(0).toISOString(),
      finishedAt: new Date(5).toISOString(),
      target: { emulator: true, apiVersion: 'v1' },
      conversations: [],
      errors: [{ code: 'REPORTER_FAILED', message: 'html.onRunEnd: disk full' }],
    });
    expect([result.status, result.durationMs, result.errors.length]).toEqual(['error', 5, 1]);
    // @ts-expect-error the verdict is set once, by finalizeRun
    result.status = 'passed';
  });
});
