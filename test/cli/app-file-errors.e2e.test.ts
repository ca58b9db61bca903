// `emulator --app`, `chat --emulator` and `coverage --emulator` show every problem of an app file
// that does not load, one a line and located, as `run --emulator` and `validate` do (the error's
// own message ends "(and 2 more)", which hides what to fix). Exit 2: bad input.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NO_CREDENTIALS, runArgs, runCli, tempProject } from '../helpers/cli.js';

const APP = `app: projects/p/locations/us/apps/a
rootAgent: root
agents:
  root:
    routes:
      - on: { text: "/(a|b/" }
        say: x
      - on: { txt: hey }
        say: y
      - on: { default: true }
        do:
          - say: a
            transfer: root
`;

const PROBLEMS = [
  'bad.yaml:8:15 agents.root.routes[1].on: unknown key "txt" (did you mean "text"?)',
  'bad.yaml:12:13 agents.root.routes[2].do[0]: takes at most 1 key: found say and transfer',
  'bad.yaml:6:21 agents.root.routes[0].on.text: invalid regular expression /(a|b/: Unterminated group',
];

describe('an invalid emulator app file: every problem, one a line', async () => {
  const p = await tempProject({
    'bad.yaml': APP,
    'specs/s.yaml': 'conversations:\n  - name: a\n    turns: [ { user: hi } ]\n',
  });
  afterAll(() => p.cleanup());
  // A run's results.json (against the demo app), for coverage to measure against the bad app.
  beforeAll(async () => {
    const res = await runCli(runArgs({}, '--no-history'), { cwd: p.dir, env: NO_CREDENTIALS });
    expect(res.code, res.stderr).toBe(0);
  });

  it.each([
    ['emulator', ['emulator', '--app', 'bad.yaml']],
    ['chat', ['chat', '--emulator', 'bad.yaml']],
    ['coverage', ['coverage', 'out/results.json', '--emulator', 'bad.yaml']],
  ])('%s', async (_name, args) => {
    const res = await runCli(args, { cwd: p.dir, env: NO_CREDENTIALS, input: '' });
    expect(res.code, res.stderr).toBe(2);
    expect(res.stderr).toBe(`cxas-eval: ${PROBLEMS.join('\n')}\n`);
  });

  it('run --emulator and validate list the same problems', async () => {
    const run = await runCli(runArgs({ app: 'bad.yaml' }, '--no-history'), { cwd: p.dir, env: NO_CREDENTIALS });
    expect(run.code).toBe(2);
    // As a run prints its specs' problems: one a line, then their count (src/cli/run-command.ts).
    expect(run.stderr).toBe(`${PROBLEMS.join('\n')}\n3 errors; nothing was run.\n`);
    const validated = await runCli(['validate', '--emulator', 'bad.yaml', 'specs'], { cwd: p.dir });
    expect(validated.stderr).toBe(`${PROBLEMS.join('\n')}\n3 errors in 1 file\n`);
  });
});
