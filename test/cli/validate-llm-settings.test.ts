// `validate` reports what `run` would make an error of every conversation that needs it: a judge or
// a simulated user's model on a backend without a default model (openai) and no model named. At the
// config setting that chose the backend, in run's own words (taken here from the run's resolvers),
// and exit 2; nothing is said when no loaded conversation needs the judge or a simulated user.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { buildProgram } from '../../src/cli/program.js';
import { resolveJudge } from '../../src/judge/index.js';
import { resolveUserModel } from '../../src/runner/index.js';
import { writeTree } from '../loader/helpers.js';

async function validate(files: Record<string, string>) {
  const cwd = writeTree(files);
  const out: string[] = [];
  const err: string[] = [];
  vi.spyOn(process, 'cwd').mockReturnValue(cwd);
  vi.spyOn(process.stdout, 'write').mockImplementation((s) => (out.push(String(s)), true));
  vi.spyOn(process.stderr, 'write').mockImplementation((s) => (err.push(String(s)), true));
  await buildProgram().parseAsync(['node', 'cxas-eval', 'validate']);
  const code = process.exitCode;
  vi.restoreAllMocks();
  return { code, stdout: out.join(''), stderr: err.join('') };
}

afterEach(() => {
  process.exitCode = undefined;
});

const JUDGED =
  'conversations:\n  - name: judged\n    turns:\n      - user: hi\n        expect: [{ judge: { prompt: greets } }]\n';
const NEGATED =
  'conversations:\n  - name: judged\n    expect: [{ not: { judge: { prompt: rude } } }]\n    turns: [{ user: hi }]\n';
const PLAIN = 'conversations:\n  - name: plain\n    turns: [{ user: hi }]\n';
const SIMULATED =
  'conversations:\n  - name: simulated\n    simulation:\n      persona: calm\n' +
  '      goals: [{ goal: g, successCriteria: c }]\n';
/** A simulation naming its own user model: the config's is not needed (README: the conversation's wins). */
const OWN_MODEL = SIMULATED.replace('persona: calm\n', 'persona: calm\n      userModel: own-model\n');

/** What a run says of every conversation these settings leave without a model (an API key set: not the issue). */
const env = { OPENAI_API_KEY: 'k' };
const judgeReason = (judge: object): string => {
  const setup = resolveJudge(judge, {}, env);
  return setup.kind === 'unavailable' ? setup.reason : `judge is ${setup.kind}`;
};
const userReason = (sim: object, judge: object): string => {
  const setup = resolveUserModel(sim, judge, {}, env);
  if (setup.kind === 'misconfigured') return setup.reason;
  // What a conversation naming no userModel of its own gets.
  const caller = setup.kind === 'ready' ? setup.callerFor(undefined) : undefined;
  return typeof caller === 'string' ? caller : `user model is ${setup.kind}`;
};

describe('validate: a judge or user model without a model, as run would find it', () => {
  it.each([
    ['a judge expectation', JUDGED],
    ['a negated one', NEGATED],
  ])('judge.backend: openai without judge.model, with %s', async (_, spec) => {
    const r = await validate({ 'cxas-eval.config.yaml': 'judge:\n  backend: openai\n', 'specs/a.yaml': spec });
    const reason = judgeReason({ backend: 'openai' });
    expect(reason).toBe('judge.model is required with judge.backend: openai');
    expect(r).toEqual({
      code: 2,
      stdout: '',
      stderr: `cxas-eval.config.yaml:2:12 judge.backend: ${reason}\n1 error in 1 file\n`,
    });
  });

  it('simulation.backend: openai without simulation.userModel, for a conversation naming none', async () => {
    const config = 'judge: { backend: gemini }\nsimulation:\n  maxTurns: 4\n  backend: openai\n';
    const r = await validate({ 'cxas-eval.config.yaml': config, 'specs/s.yaml': SIMULATED });
    const reason = userReason({ maxTurns: 4, backend: 'openai' }, { backend: 'gemini' });
    expect(reason).toBe(
      'the user model is not usable as configured: simulation.userModel is required with simulation.backend: openai',
    );
    expect([r.code, r.stderr]).toEqual([
      2,
      `cxas-eval.config.yaml:4:12 simulation.backend: ${reason}\n1 error in 1 file\n`,
    ]);
  });

  it('a backend inherited from judge.backend: at judge.backend; the judge is short of a model too', async () => {
    const r = await validate({ 'cxas-eval.config.yaml': 'judge: { backend: openai }\n', 'specs/s.yaml': SIMULATED });
    const user = userReason({}, { backend: 'openai' });
    expect(user).toMatch(/ \(from judge\.backend\)$/);
    const judge = judgeReason({ backend: 'openai' });
    expect([r.code, r.stderr]).toEqual([
      2,
      `cxas-eval.config.yaml:1:19 judge.backend: ${judge}\n` +
        `cxas-eval.config.yaml:1:19 judge.backend: ${user}\n2 errors in 1 file\n`,
    ]);
  });

  it('says nothing of the user model when every simulation names its own', async () => {
    const config = 'judge: { backend: gemini }\nsimulation:\n  maxTurns: 4\n  backend: openai\n';
    const r = await validate({ 'cxas-eval.config.yaml': config, 'specs/s.yaml': OWN_MODEL });
    expect(r).toEqual({ code: 0, stdout: '1 file, 1 conversation: valid\n', stderr: '' });
  });

  it('says nothing when no conversation needs them, or a model is named', async () => {
    const unused = await validate({ 'cxas-eval.config.yaml': 'judge: { backend: openai }\n', 'specs/a.yaml': PLAIN });
    expect(unused).toEqual({ code: 0, stdout: '1 file, 1 conversation: valid\n', stderr: '' });
    const named = await validate({
      'cxas-eval.config.yaml': 'judge: { backend: openai, model: j }\nsimulation: { userModel: u }\n',
      'specs/a.yaml': JUDGED,
      'specs/s.yaml': SIMULATED,
    });
    expect(named).toEqual({ code: 0, stdout: '2 files, 2 conversations: valid\n', stderr: '' });
  });
});
