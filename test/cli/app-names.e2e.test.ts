// App names, as `validate` and `run` take them: a malformed one validate is given (--app, CXAS_APP)
// is one line and exit 2 as in a run, a spec file's malformed `app:` is located by both, and spec
// files naming different apps are refused by both alike, except against an emulator app (which
// serves its own app whatever the specs name: `run --emulator` runs them, validate agrees).
import { afterAll, describe, expect, it } from 'vitest';
import { NO_CREDENTIALS, runArgs, runCli, tempProject } from '../helpers/cli.js';

const conversation = (name: string) => `conversations:\n  - name: ${name}\n    turns:\n      - event: WELCOME\n`;
const FORM = 'expected projects/{project}/locations/{location}/apps/{app}';

describe('app names in validate and run', async () => {
  const p = await tempProject({
    'plain/x.yaml': conversation('x'),
    'bad/x.yaml': `app: projects/p/locations/l/apps/a/extra\n${conversation('x')}`,
    'two/x.yaml': `app: projects/a/locations/l/apps/x\n${conversation('x')}`,
    'two/y.yaml': `app: projects/a/locations/l/apps/y\n${conversation('y')}`,
  });
  afterAll(() => p.cleanup());
  const cli = (args: string[], env: NodeJS.ProcessEnv = {}) =>
    runCli(args, { cwd: p.dir, env: { ...NO_CREDENTIALS, CXAS_APP: '', ...env } });

  it('validate: a malformed --app or CXAS_APP is one line, exit 2, as run says it', async () => {
    const [flag, env, run] = await Promise.all([
      cli(['validate', 'plain', '--app', 'foo']),
      cli(['validate', 'plain'], { CXAS_APP: 'foo' }),
      cli(['run', 'plain', '--no-history', '--reporter', 'json'], { CXAS_APP: 'foo' }),
    ]);
    expect([flag.code, flag.stderr]).toEqual([2, `cxas-eval: --app: app name "foo" is malformed: ${FORM}\n`]);
    const envLine = `cxas-eval: CXAS_APP: app name "foo" is malformed: ${FORM}\n`;
    expect([env.code, env.stderr]).toEqual([2, envLine]);
    expect([run.code, run.stderr]).toEqual([2, envLine]);
  });

  it("a spec file's malformed app: is located by validate and run alike", async () => {
    const [validate, run] = await Promise.all([
      cli(['validate', 'bad']),
      cli(['run', 'bad', '--no-history', '--reporter', 'json']),
    ]);
    const at = 'bad/x.yaml:1:6 app: must match pattern';
    expect([validate.code, validate.stderr.startsWith(at)]).toEqual([2, true]);
    expect([run.code, run.stderr.startsWith(at)]).toEqual([2, true]);
  });

  it('spec files of different apps: run and validate --emulator take them; both refuse them without', async () => {
    const refusal =
      'the selected spec files target different apps (projects/a/locations/l/apps/x, projects/a/locations/l/apps/y); ' +
      'run them separately or pass --app';
    const [run, validate, bareRun, bareValidate] = await Promise.all([
      cli(runArgs({ specs: 'two', outputDir: 'two-out' }, '--no-history', '--no-coverage')),
      cli(['validate', 'two', '--emulator', runArgs()[3]!]),
      cli(['run', 'two', '--no-history', '--reporter', 'json']),
      cli(['validate', 'two']),
    ]);
    expect(run.code, run.stderr).toBe(0);
    expect([validate.code, validate.stdout]).toEqual([0, '2 files, 2 conversations: valid\n']);
    expect([bareRun.code, bareRun.stderr]).toEqual([2, `cxas-eval: ${refusal}\n`]);
    expect([bareValidate.code, bareValidate.stderr]).toEqual([2, `cxas-eval: ${refusal}\n`]);
  });
});
