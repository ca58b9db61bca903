// Loading simulations: the native `simulation:` form (defaults, errors at file:line:col) and
// cxas-scrapi simulation evals (`evals:`), loaded as they are and converted to the native form.
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { convertFile } from '../../src/runner/scrapi/convert.js';
import { detectFormat } from '../../src/runner/scrapi/index.js';
import { loadSpecs } from '../../src/runner/load/index.js';
import { ROOT } from '../helpers/cli.js';
import { loadTree, messagesOf } from '../loader/helpers.js';

const FIXTURE = path.join(ROOT, 'test/fixtures/specs/scrapi/simulations.yaml');
const native = (sim: string, extra = '') => `conversations:\n  - name: s\n${extra}    simulation:\n${sim}`;

describe('native simulation conversations', () => {
  it('load with repeat 3 by default and every field carried', async () => {
    const { files, errors } = await loadTree({
      's.yaml': native(
        '      start: { user: hi }\n      persona: calm\n      maxTurns: 5\n      userModel: m1\n' +
          '      goals:\n        - { goal: g, successCriteria: c, maxTurns: 2, variables: { a: 1 } }\n',
      ),
    });
    expect(errors).toEqual([]);
    const c = files[0]!.conversations[0]!;
    expect(c).toMatchObject({
      repeat: 3,
      turns: [],
      simulation: { start: { user: 'hi' }, persona: 'calm', maxTurns: 5, userModel: 'm1' },
    });
    expect(c.simulation!.goals[0]).toMatchObject({
      goal: 'g',
      successCriteria: 'c',
      maxTurns: 2,
      variables: { a: 1 },
      loc: { line: 9 },
    });
  });

  it('an explicit repeat wins', async () => {
    const { files } = await loadTree({
      's.yaml': native('      goals: [{ goal: g, successCriteria: c }]\n', '    repeat: 1\n'),
    });
    expect(files[0]!.conversations[0]!.repeat).toBe(1);
  });

  it.each([
    [
      'turns and simulation',
      native('      goals: [{ goal: g, successCriteria: c }]\n', '    turns: [{ user: hi }]\n'),
      's.yaml:4:5 conversations[0].simulation: a conversation has turns or simulation, not both',
    ],
    ['no goals', native('      goals: []\n'), 's.yaml:4:14 conversations[0].simulation.goals: must not be empty'],
    [
      'a goal without criteria',
      native('      goals: [{ goal: g }]\n'),
      's.yaml:4:15 conversations[0].simulation.goals[0]: missing required key "successCriteria"',
    ],
  ])('%s is an error at its place', async (_, text, message) => {
    expect(await messagesOf({ 's.yaml': text })).toEqual([message]);
  });
});

describe('cxas-scrapi simulation evals', () => {
  it('are recognised by evals:', () => {
    expect(detectFormat({ evals: [] })).toBe('scrapi-simulation');
  });

  it('load as they are', async () => {
    const { files, errors } = await loadSpecs([FIXTURE], { cwd: ROOT });
    expect(errors).toEqual([]);
    const [auth, bye] = files[0]!.conversations;
    expect(auth).toMatchObject({
      format: 'scrapi-simulation',
      repeat: 3,
      tags: ['P0', 'billing'],
      turns: [],
      variables: { caller_id: '+14155551234', channel: 'phone' },
      simulation: { start: { user: 'Hi, I need my balance' }, maxTurns: 30 },
      expect: [{ matcher: 'judge', options: { prompt: 'The agent never asks for the PIN twice' } }],
    });
    expect(auth!.simulation!.goals.map(({ loc: _l, ...g }) => g)).toEqual([
      {
        goal: 'Get verified with the PIN',
        successCriteria: 'The agent confirms that the caller is verified',
        maxTurns: 3,
        responseGuide: 'Your PIN is 1234; press it followed by the hash key when asked.',
      },
      {
        goal: 'Learn the current balance',
        successCriteria: 'The agent states the balance returned by lookup_account',
        variables: { topic: 'billing' },
      },
    ]);
    expect(bye).toMatchObject({
      tags: ['P1', 'smoke'],
      simulation: { start: { event: 'welcome' }, goals: [{ goal: 'Say goodbye' }] },
    });
    expect(bye!.simulation!.goals[0]!.maxTurns).toBeUndefined();
  });

  it('convert writes the native form with notes', async () => {
    const { text, errors } = await convertFile(FIXTURE, { cwd: ROOT });
    expect(errors).toEqual([]);
    expect(text).toContain('simulation:\n      start:\n        user: Hi, I need my balance');
    expect(text).not.toMatch(/^\s+turns:/m);
    expect(text).toContain('# steps[1].static_utterance is not used');
    expect(text).toContain("# steps[1].inject_variables are sent with that goal's first turn");
    expect(text).not.toContain('repeat:');
  });

  it('an empty success_criteria or an unknown key is an error at its place', async () => {
    const file = 'evals:\n  - name: a\n    steps:\n      - goal: g\n        success_criteria: ""\n        persona: x\n';
    expect(await messagesOf({ 'e.yaml': file })).toEqual([
      'e.yaml:6:9 evals[0].steps[0]: unknown key "persona" ' +
        '(expected one of: goal, success_criteria, response_guide, max_turns, static_utterance, inject_variables) ' +
        '[read as cxas-scrapi simulation evals, recognised by "evals" at 1:1]',
    ]);
    expect(await messagesOf({ 'e.yaml': 'evals:\n  - name: a\n    steps:\n      - goal: g\n' })).toEqual([
      'e.yaml:4:9 evals[0].steps[0]: a step needs success_criteria: the judge grades the step by it',
    ]);
  });
});
