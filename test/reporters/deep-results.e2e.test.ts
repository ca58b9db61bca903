// A results.json nested absurdly deep (schema-valid: session variables and tool arguments are
// free-form) is bad input, exit 2 naming the file, checked without recursion before anything
// recurses over it: merge-reports died with "Maximum call stack size exceeded" in the json
// reporter, exit 1, and wrote no results.json.
import { readFile } from 'node:fs/promises';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunResult } from '../../src/model/result.js';
import { loadRunResult, ReportInputError } from '../../src/reporters/index.js';
import { runArgs, runCli, tempProject } from '../helpers/cli.js';

const SPEC = `conversations:
  - name: greeting
    turns:
      - event: WELCOME
        expect:
          - text: { contains: Welcome }
`;

/** `levels` lists inside each other, built as text: JSON.stringify itself would recurse. */
const nested = (levels: number): string => `${'['.repeat(levels)}${']'.repeat(levels)}`;

describe('a results.json nested too deep', () => {
  let project: Awaited<ReturnType<typeof tempProject>>;
  let shard: RunResult;
  beforeAll(async () => {
    project = await tempProject({ 'specs/g.yaml': SPEC });
    const cli = await runCli(runArgs({}, '--no-history'), { cwd: project.dir });
    expect(cli.code, cli.stderr).toBe(0);
    shard = JSON.parse(await readFile(path.join(project.dir, 'out/results.json'), 'utf8')) as RunResult;
  });
  afterAll(async () => {
    await project.cleanup();
  });

  /** The shard with a session variable `levels` lists deep, written as `name`/results.json. */
  async function withVariable(name: string, levels: number): Promise<string> {
    const marker = '"__DEEP__"';
    const turn = shard.conversations[0]!.turns[0]!;
    const text = JSON.stringify({
      ...shard,
      conversations: [
        {
          ...shard.conversations[0]!,
          turns: [{ ...turn, result: { ...turn.result!, updatedVariables: { x: '__DEEP__' } } }],
        },
      ],
    }).replace(marker, nested(levels));
    const file = path.join(project.dir, name, 'results.json');
    await project.write(path.join(name, 'results.json'), text);
    return file;
  }

  it('merge-reports refuses it as bad input (exit 2), loadRunResult with a ReportInputError', async () => {
    const file = await withVariable('deep', 200_000);
    await expect(loadRunResult(file)).rejects.toThrow(ReportInputError);
    await expect(loadRunResult(file)).rejects.toThrow(
      `${file}: not a cxas-eval results.json: nested deeper than 128 levels of objects and lists`,
    );
    const cli = await runCli(['merge-reports', 'deep', '--output-dir', 'merged'], { cwd: project.dir });
    expect(cli.code, cli.stderr).toBe(2);
    expect(cli.stderr).toContain('nested deeper than 128 levels');
    expect(cli.stderr).not.toContain('Maximum call stack');
  });

  it('reads a value nested within the bound as before', async () => {
    const file = await withVariable('fine', 100);
    const result = await loadRunResult(file);
    expect(JSON.stringify(result.conversations[0]!.turns[0]!.result!.updatedVariables)).toBe(`{"x":${nested(100)}}`);
    const cli = await runCli(['merge-reports', 'fine', '--output-dir', 'merged'], { cwd: project.dir });
    expect(cli.code, cli.stderr).toBe(0);
  });
});
