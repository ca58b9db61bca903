// README "Files contained": a value an `${env.NAME}` gave a spec may be a secret, so no error message
// quotes it — a bad pattern, a file not found, a name the app lacks, a duplicate name: each names
// the variable (the scalar as the file wrote it) instead, in `validate` and in a run's load errors.
import { afterAll, describe, expect, it } from 'vitest';
import { runCli, tempProject } from '../helpers/cli.js';

const SECRET = 'hunter2-TOPSECRET';
const ENV = { SECRET, SECRET_RE: `(${SECRET}` };

const APP = `app: projects/test/locations/us/apps/hotel
rootAgent: root_agent
tools:
  lookup:
    response: { source: real }
agents:
  root_agent:
    routes:
      - on: { default: true }
        say: hi
`;
const LOAD = `conversations:
  - name: patterns
    turns:
      - user: hi
        expect:
          - text: { matches: "\${env.SECRET_RE}" }
          - payload: { x: { $regex: "\${env.SECRET_RE}" } }
  - name: files
    turns:
      - blob: { file: "\${env.SECRET}" }
      - image: { file: "./x/../\${env.SECRET}.png" }
        expect:
          - custom: { module: "\${env.SECRET}.mjs" }
  - name: "\${env.SECRET}"
    turns: [{ user: hi }]
  - name: "\${env.SECRET}"
    turns: [{ user: hi }]
`;
const NAMES = `conversations:
  - name: names
    toolFakes:
      - tool: "\${env.SECRET}"
        respond: { ok: true }
    turns:
      - user: hi
        expect:
          - toolCall: { name: "\${env.SECRET}" }
          - transfer: "x-\${env.SECRET}"
`;

describe('error messages name ${env.NAME}, never its value', async () => {
  const p = await tempProject({
    'cxas-eval.config.yaml': 'emulator: app.yaml\n',
    'app.yaml': APP,
    'specs/load.yaml': LOAD,
    'specs/names.yaml': NAMES,
  });
  afterAll(() => p.cleanup());

  it('validate: patterns, files, duplicate names and the app check show the variable', async () => {
    const res = await runCli(['validate'], { cwd: p.dir, env: ENV });
    expect(res.code).toBe(2);
    expect(res.stderr).not.toContain('hunter2');
    expect(res.stderr.split('\n').filter(Boolean)).toEqual([
      'specs/load.yaml:6:30 conversations[0].turns[0].expect[0].text.matches: ' +
        'the value of ${env.SECRET_RE} is not a valid regular expression: Unterminated group',
      'specs/load.yaml:7:37 conversations[0].turns[0].expect[1].payload.x.$regex: ' +
        'the value of ${env.SECRET_RE} is not a valid regular expression: Unterminated group',
      'specs/load.yaml:10:23 conversations[1].turns[0].blob.file: file ${env.SECRET} not found ' +
        '(where it leads is not shown: it comes from the environment)',
      'specs/load.yaml:11:24 conversations[1].turns[1].image.file: file "./x/../${env.SECRET}.png" not found ' +
        '(where it leads is not shown: it comes from the environment)',
      'specs/load.yaml:13:31 conversations[1].turns[1].expect[0].custom.module: file "${env.SECRET}.mjs" not found ' +
        '(where it leads is not shown: it comes from the environment)',
      'specs/load.yaml:16:5 conversations[3].name: duplicate conversation name "${env.SECRET}" ' +
        '(first defined at specs/load.yaml:14:5)',
      'specs/names.yaml:4:9 toolFakes: tool fake "${env.SECRET}": emulator app app.yaml has no tool of that name ' +
        '(tools: lookup)',
      'specs/names.yaml:9:13 toolCall: tool "${env.SECRET}": emulator app app.yaml has no tool of that name ' +
        '(tools: lookup)',
      'specs/names.yaml:10:13 transfer: agent "x-${env.SECRET}": emulator app app.yaml has no agent of that name ' +
        '(agents: root_agent)',
      '9 errors in 2 files',
    ]);
  });

  it('run: the names checked against the emulator app show the variable', async () => {
    const res = await runCli(['run', 'specs/names.yaml', '--output-dir', 'out'], { cwd: p.dir, env: ENV });
    expect(res.code).toBe(2);
    expect(res.stderr).not.toContain('hunter2');
    expect(res.stderr).toContain('toolCall: tool "${env.SECRET}": emulator app app.yaml has no tool of that name');
  });

  it('a value written in the file itself is still quoted', async () => {
    await p.write('plain/p.yaml', LOAD.replaceAll('${env.SECRET_RE}', '(plain').replaceAll('${env.SECRET}', 'plain'));
    const res = await runCli(['validate', 'plain'], { cwd: p.dir });
    expect(res.stderr).toContain('invalid regular expression /(plain/: Unterminated group');
    expect(res.stderr).toContain('file "plain" not found (looked for plain/plain)');
  });
});
