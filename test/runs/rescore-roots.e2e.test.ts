// rescore reads specs as run does: a spec outside the project that the config's files.allowRoots
// admits is rescored, not refused as "outside the project" (src/cli/rescore-command.ts).
import { afterAll, describe, expect, it } from 'vitest';
import * as path from 'node:path';
import { ROOT, runArgs, runCli, tempProject } from '../helpers/cli.js';

describe('rescore and files.allowRoots', async () => {
  const config = `files:\n  allowRoots: [${JSON.stringify(ROOT)}]\n`;
  const project = await tempProject({ 'cxas-eval.config.yaml': config });
  afterAll(() => project.cleanup());
  const spec = path.join(ROOT, 'specs/demo/support.yaml');

  it('rescores a spec the config lets the run read from outside the project', async () => {
    const ran = await runCli(runArgs({ specs: spec }, '--no-judge'), { cwd: project.dir });
    expect(ran.code, ran.stderr).toBe(0);
    const rescored = await runCli(
      ['rescore', 'out', spec, '--no-judge', '--output-dir', 'again', '--reporter', 'json'],
      {
        cwd: project.dir,
      },
    );
    expect(rescored.stderr).not.toContain('outside the project');
    expect(rescored.code, rescored.stderr).toBe(0);
  });
});
