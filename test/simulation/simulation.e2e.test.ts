// Simulated users end to end: the CLI against the demo app on the emulator, with the fake LLM server as
// both the simulated user and the judge. Each stop rule and failure mode gives its verdict in results.json,
// junit.xml and report.html; the goals are graded by the judge, never by the simulated user.
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunResult } from '../../src/model/result.js';
import { readJson, ROOT, runCli } from '../helpers/cli.js';
import type { ConversationResult } from '../../src/model/result.js';
import { startFakeLlm, type FakeLlm } from '../helpers/fake-llm.mjs';
import { isCheckOf, script, simulationProject, type SimRun } from './project.js';

describe('simulation conversations end to end', () => {
  let fake: FakeLlm;
  let project: Awaited<ReturnType<typeof simulationProject>>;
  let first: SimRun;
  let byName: Map<string, ConversationResult>;

  beforeAll(async () => {
    fake = await startFakeLlm();
    script(fake);
    project = await simulationProject(fake);
    first = await project.run(['--exclude-tag', 'flaky', '--exclude-tag', 'scrapi']);
    byName = new Map(first.results.conversations.map((c) => [c.name, c]));
  }, 60_000);
  afterAll(async () => {
    await fake.close();
    await project.project.cleanup();
  });

  it('goal met: every goal graded met by the judge and every expect holds → passed', () => {
    const c = byName.get('met')!;
    expect(c.status, JSON.stringify(c.simulation)).toBe('passed');
    expect(c.simulation).toMatchObject({ stopReason: 'user-ended', turns: 3, userModel: 'gemini:user-sim-1' });
    expect(c.simulation!.goals.map((g) => g.status)).toEqual(['met', 'met']);
    expect(c.simulation!.goals[0]).toMatchObject({ reason: 'The agent did it', evidenceTurns: [2], votes: '1/1' });
    expect(c.turns.map((t) => t.inputs.map((i) => i.kind).join('+'))).toEqual(['event', 'dtmf', 'text']);
    expect(c.turns[2]!.result!.text).toBe('Your balance is $42.5.');
    expect(c.assertions.map((a) => `${a.matcher}:${a.status}`)).toEqual([
      'toolCall:passed',
      'goal:passed',
      'goal:passed',
    ]);
  });

  it('the simulated user sees the agent, never the success criteria', () => {
    const asks = fake.requests.filter((r) => r.system.includes('[sim:met]'));
    expect(asks.map((r) => r.messages.length)).toEqual([1, 3, 5]);
    expect(asks[0]!.messages[0]!.text).toContain('Agent: Welcome to Cymbal support!');
    expect(asks[2]!.messages.at(-1)!.text).toBe('Agent: Your balance is $42.5.');
    expect(asks[0]!.system).not.toContain('[goal:met-1]');
    expect(asks[0]!.model).toBe('user-sim-1');
  });

  it('judge says a goal is not met → failed, with the reason and evidence turns', () => {
    const c = byName.get('notMet')!;
    expect(c.status).toBe('failed');
    expect(c.simulation!.goals[1]).toMatchObject({
      status: 'not-met',
      reason: 'The agent never stated a balance',
      evidenceTurns: [3],
    });
    expect(c.assertions.find((a) => a.status === 'failed')!.message).toMatch(/^goal 2 not met \("goal notMet-2"\)/);
  });

  it.each([
    ['limit', 'max-turns', /^turn limit 2 reached with goal 1 \("goal limit"\) still open$/, 2],
    ['goalLimit', 'goal-max-turns', /^goal 1 \("goal goalLimit"\) used its 1 turn\(s\) and is still open$/, 1],
  ])('%s: a turn limit reached with a goal open → failed, counted in code', (name, reason, message, turns) => {
    const c = byName.get(name)!;
    expect(c.status).toBe('failed');
    expect(c.simulation).toMatchObject({ stopReason: reason, turns });
    expect(c.simulation!.stopMessage).toMatch(message);
    expect(c.assertions.find((a) => a.matcher === 'simulation')).toMatchObject({ status: 'failed' });
    expect(c.simulation!.goals[0]!.status).toBe('met'); // the judge's "met" does not save a conversation cut short
  });

  it('the agent ending the session stops the simulation; the judge still grades the goal', () => {
    const c = byName.get('agentEnds')!;
    expect(c.simulation).toMatchObject({ stopReason: 'session-ended', turns: 1 });
    expect(fake.requests.filter((r) => r.system.includes('[sim:agentEnds]'))).toHaveLength(1);
    expect(c.status).toBe('failed');
    expect(c.simulation!.goals[0]!.status).toBe('not-met');
  });

  it.each([
    ['garbage', 'SIMULATOR_BAD_JSON'],
    ['invalid', 'SIMULATOR_INVALID_REPLY'],
  ])('simulator %s → error, goals not graded', (name, code) => {
    const c = byName.get(name)!;
    expect(c.status).toBe('error');
    expect(c.error!.code).toBe(code);
    expect(c.error!.turn).toBeUndefined(); // asked between turns: no turn's error
    expect(c.simulation).toMatchObject({ stopReason: 'error' });
    expect(c.simulation!.goals[0]!.status).toBe('not-graded');
    expect(fake.requests.some((r) => r.prompt.includes(`[goal:${name}]`))).toBe(false);
  });

  it('a simulated user who ends before sending anything → error, goals not graded: nothing was tested', () => {
    const c = byName.get('silent')!;
    expect(c.turns).toHaveLength(0);
    expect(c.simulation).toMatchObject({ stopReason: 'user-ended', turns: 0 });
    expect(c.status).toBe('error');
    expect(c.assertions.find((a) => a.matcher === 'simulation')).toMatchObject({
      status: 'error',
      message: 'the simulated user ended the conversation before sending anything to the agent: nothing was tested',
    });
    expect(c.simulation!.goals[0]).toMatchObject({
      status: 'not-graded',
      reason: 'not graded: nothing was sent to the agent',
    });
    // Not asked: the judge would grade the goal on an empty transcript.
    expect(fake.requests.some((r) => r.prompt.includes('[goal:silent]'))).toBe(false);
  });

  it('variables and tool fakes work as in scripted conversations; ending pursues no goal', () => {
    const c = byName.get('fakes')!;
    expect(c.status).toBe('passed');
    expect(c.simulation).toMatchObject({ stopReason: 'user-ended', turns: 1 });
    expect(c.turns[0]!.result).toMatchObject({
      text: 'Your balance is $0.',
      toolCalls: [{ name: 'lookup_account', args: { account_id: 'ACC-2002' } }],
    });
  });

  it("in an audio conversation the simulated user's words are synthesised and sent as speech", () => {
    const c = byName.get('voice')!;
    expect(c.status, JSON.stringify(c.error)).toBe('passed');
    expect(c.turns[0]!.inputs[0]).toMatchObject({ kind: 'audio', say: 'hello there' });
    expect(c.turns[0]!.result!.text).toContain("didn't catch that");
    expect(c.turns[0]!.result!.audio!.agentBytes).toBeGreaterThan(0);
  });

  it('a judge error on a goal → error', () => {
    const c = byName.get('judgeError')!;
    expect(c.status).toBe('error');
    expect(c.simulation!.goals[0]!.status).toBe('error');
  });

  it('shows verdicts in junit.xml and report.html; counts user-model and judge usage apart', () => {
    expect(first.cli.code).toBe(1);
    expect(first.junit).toMatch(/<testcase[^>]*name="limit"[^>]*>\s*<failure/);
    expect(first.junit).toMatch(/<testcase[^>]*name="garbage"[^>]*>\s*<error/);
    expect(first.junit).toContain('SIMULATION: stopped user-ended after 3 turn(s)');
    expect(first.junit).toContain(
      'GOAL 2 not-met: goal notMet-2 — The agent never stated a balance; evidence turns 3; votes 1/1',
    );
    expect(first.html).toContain('turn limit 2 reached with goal 1');
    expect(first.html).toContain('"stopReason":"user-ended"');
    const usage = first.results.llmUsage!;
    const userCalls = first.results.conversations.reduce((n, c) => n + (c.simulation?.userUsage.calls ?? 0), 0);
    expect(usage.user).toMatchObject({
      calls: userCalls,
      inputTokens: userCalls * 100,
      estCostUsd: (userCalls * (100 + 2 * 20)) / 1e6,
    });
    // One judge call per goal graded (11; the silent user's is not) and one simulator check per
    // conversation that completed (10).
    expect(usage.judge!.calls).toBe(21);
  });

  it('a simulated user who broke its brief → error SIMULATOR_FAULT with the reasoning, counted apart', () => {
    const c = byName.get('inventor')!;
    expect(c.status).toBe('error');
    expect(c.error).toEqual({
      code: 'SIMULATOR_FAULT',
      message:
        'the simulated user broke its brief: facts: the user invented order ORD-999, which its brief does not give ' +
        '(evidence turns 1)',
    });
    // The agent did nothing wrong: the run still says nothing of it.
    expect(c.simulation!.goals[0]!.status).toBe('met');
    expect(c.simulation!.check).toMatchObject({ status: 'fault', evidenceTurns: [1], votes: '1/1' });
    expect(byName.get('met')!.simulation!.check).toMatchObject({ status: 'ok', reason: 'The agent did it' });
    // Counted apart: not among the agent's errors (garbage, invalid, judgeError) and not in the pass rate.
    const s = first.results.summary;
    expect(s).toMatchObject({ error: 4, simulatorFault: 1, total: 12 });
    expect(s.passRate).toBeCloseTo(s.passed / (s.total - s.skipped - 1));
    expect(first.cli.stdout).toMatch(/, 4 error, 1 simulator fault, /);
    expect(first.cli.stdout).toContain('SIMULATOR_FAULT: the simulated user broke its brief: facts:');
    expect(first.junit).toMatch(/<testcase[^>]*name="inventor"[^>]*>\s*<error[^>]*type="SIMULATOR_FAULT"/);
    expect(first.junit).toContain('<property name="cxas-eval.simulatorFaults" value="1"/>');
    expect(first.junit).toContain('SIMULATOR CHECK fault: facts: the user invented order ORD-999');
    expect(first.html).toContain('<b>1</b><span>simulator faults</span>');
  });

  it("the simulator check shows the judge the user's brief and rules, never the success criteria", () => {
    const checks = fake.requests.filter(isCheckOf('inventor'));
    expect(checks).toHaveLength(1);
    const prompt = checks[0]!.prompt;
    expect(prompt).toContain('[sim:inventor] a calm caller');
    expect(prompt).toContain('goal inventor');
    expect(prompt).toContain('My order ORD-999 never arrived'); // the transcript
    expect(prompt).not.toContain('[goal:inventor]');
    expect(prompt).toMatch(/1\. persona: .*2\. facts: .*3\. goals: /s);
    expect(prompt).toContain('The user ended the conversation.');
    // No check for a conversation that errored before it completed.
    expect(fake.requests.filter(isCheckOf('garbage'))).toHaveLength(0);
  });

  it('results.json with a simulator fault matches schemas/report.schema.json', async () => {
    const validate = await reportValidator();
    expect(validate(first.results), JSON.stringify(validate.errors)).toBe(true);
  });

  it('rescore checks the recorded simulated user again; with the check off the recorded fault is gone', async () => {
    const rescore = async (out: string, extra: string[] = []) => {
      const args = ['rescore', first.results.runId, '--grep', 'inventor', '--reporter', 'json', '--output-dir', out];
      const cli = await runCli([...args, ...extra], { cwd: project.project.dir, env: { GEMINI_API_KEY: 'test-key' } });
      const results = await readJson<RunResult>(path.join(project.project.dir, out, 'results.json'));
      return { cli, c: results.conversations[0]! };
    };
    const again = await rescore('rescored');
    expect(again.cli.code, again.cli.stderr).toBe(1);
    expect(again.c).toMatchObject({ status: 'error', error: { code: 'SIMULATOR_FAULT' } });
    expect(again.c.simulation!.check).toMatchObject({ status: 'fault', cached: true });
    const unchecked = await rescore('rescored-unchecked', ['--config', 'unchecked.config.yaml']);
    expect(unchecked.cli.code, unchecked.cli.stderr).toBe(0);
    expect(unchecked.c.status).toBe('passed');
    expect(unchecked.c.simulation!.check).toBeUndefined();
  }, 60_000);

  it('simulation.checkSimulator: false turns the check off', async () => {
    const sent = fake.requests.length;
    const run = await project.run(['--config', 'unchecked.config.yaml', '--grep', 'inventor', '--no-cache']);
    expect(run.results.conversations.map((c) => c.status)).toEqual(['passed']);
    expect(run.results.conversations[0]!.simulation!.check).toBeUndefined();
    expect(fake.requests.slice(sent).filter(isCheckOf())).toHaveLength(0);
    expect(run.results.summary.simulatorFault).toBeUndefined();
  }, 60_000);

  it('re-running identical transcripts answers the user model and the judge from the cache', async () => {
    const sent = fake.requests.length;
    const again = await project.run(['--exclude-tag', 'flaky', '--exclude-tag', 'scrapi']);
    const statuses = (r: SimRun) => r.results.conversations.map((c) => `${c.name}:${c.status}`);
    expect(statuses(again)).toEqual(statuses(first));
    // Only what failed is asked again (failures are never cached): the garbage user reply and the judge's 500.
    expect(fake.requests.length - sent).toBe(2);
    const { user, judge } = again.results.llmUsage!;
    expect(user!.cacheHits).toBe(user!.calls - 1);
    expect(judge!.cacheHits).toBe(judge!.calls - 1);
  }, 60_000);

  it('a cxas-scrapi simulation eval runs as is: first static_utterance opens, the judge grades the step', async () => {
    const run = await project.run(['--tag', 'scrapi']);
    expect(run.results.conversations).toHaveLength(3); // simulations repeat 3 times by default
    const c = run.results.conversations[0]!;
    expect(c.status, JSON.stringify(c)).toBe('passed');
    expect(c.simulation).toMatchObject({ stopReason: 'session-ended', turns: 1, goals: [{ status: 'met' }] });
    expect(c.turns[0]!.inputs).toEqual([{ kind: 'text', text: 'bye' }]);
    expect(fake.requests.some((r) => r.system.includes('[sim:scrapi]'))).toBe(false); // the agent ended it first
    expect(c.assertions.map((a) => `${a.matcher}:${a.status}`)).toEqual(['judge:passed', 'goal:passed']);
  }, 60_000);

  it("pass^1 and pass^k over repeats; the judge's votes are kept apart", async () => {
    const run = await project.run(['--tag', 'flaky', '--no-cache', '--concurrency', '1']);
    const repeat = run.results.repeats.find((r) => r.name === 'flaky')!;
    expect(repeat).toMatchObject({ runs: 3, passed: 2, passHatK: 0, status: 'passed' });
    expect(repeat.passRate).toBeCloseTo(2 / 3);
    expect(run.results.conversations.map((c) => c.simulation!.goals[0]!.votes)).toEqual(Array(6).fill('1/1'));
    // A run whose simulated user faulted is left out of pass^k, and still keeps passRate 1 from passing.
    const faulty = run.results.repeats.find((r) => r.name === 'faultyRepeat')!;
    expect(faulty).toMatchObject({ runs: 2, passed: 2, passRate: 1, passHatK: 1, simulatorFaults: 1, status: 'error' });
    expect(run.results.summary).toMatchObject({ simulatorFault: 1, tolerated: 1 });
    expect(run.cli.stdout).toContain('faultyRepeat: 2/2 passed (100.0%), pass^2 1.00, 1 simulator fault(s) left out');
  }, 60_000);
});

const addFormats = addFormatsModule as unknown as (ajv: Ajv2020) => Ajv2020;

async function reportValidator() {
  const schema = JSON.parse(await readFile(path.join(ROOT, 'schemas/report.schema.json'), 'utf8')) as object;
  return addFormats(new Ajv2020({ allErrors: true, strict: true, strictRequired: false })).compile(schema);
}

describe('simulation results and the demo without credentials', () => {
  it('results.json with simulations matches schemas/report.schema.json', async () => {
    const fake = await startFakeLlm();
    script(fake);
    const project = await simulationProject(fake);
    try {
      const run = await project.run(['--grep', 'met', '--update-goldens']);
      expect(existsSync(path.join(project.project.dir, 'goldens'))).toBe(false); // never recorded for simulations
      const validate = await reportValidator();
      expect(run.results.conversations.some((c) => c.simulation?.goals.length)).toBe(true);
      expect(validate(run.results), JSON.stringify(validate.errors)).toBe(true);
      const noJudge = await project.run(['--grep', 'met', '--no-judge']);
      expect(noJudge.results.conversations.map((c) => c.status)).toEqual(['skipped', 'skipped']);
      expect(noJudge.results.conversations[0]!.skipReason).toBe(
        'simulation goals need the LLM judge: judge disabled (--no-judge)',
      );
      expect(noJudge.cli.stdout).toContain('skipped: simulation goals need the LLM judge');
    } finally {
      await fake.close();
      await project.project.cleanup();
    }
  }, 60_000);

  it('the demo simulation is skipped "no user model configured" in the list and report.html, not passed', async () => {
    const out = await mkdtemp(path.join(tmpdir(), 'cxas-sims-demo-'));
    const env = {
      GEMINI_API_KEY: '',
      GOOGLE_API_KEY: '',
      GOOGLE_APPLICATION_CREDENTIALS: '',
      CXAS_OAUTH_TOKEN: '',
      CLOUDSDK_CONFIG: out,
    };
    const cli = await runCli(
      [
        'run',
        'specs/demo/simulation.yaml',
        '--emulator',
        'specs/demo/app.yaml',
        '--reporter',
        'list,json,html',
        '--output-dir',
        out,
      ],
      { cwd: ROOT, env },
    );
    expect(cli.code, cli.stderr).toBe(0);
    expect(cli.stdout).toMatch(/skipped: no user model configured/);
    expect(cli.stdout).toContain('balance by a simulated caller: no run counted (every run skipped)');
    expect(cli.stdout).not.toMatch(/pass\^0/);
    const results = await readJson<RunResult>(path.join(out, 'results.json'));
    expect(results.conversations.map((c) => c.status)).toEqual(['skipped', 'skipped', 'skipped']);
    expect(results.conversations[0]!.skipReason).toMatch(/^no user model configured: set GEMINI_API_KEY/);
    expect(results.status).toBe('skipped');
    expect(await readFile(path.join(out, 'report.html'), 'utf8')).toContain('no user model configured');
    await rm(out, { recursive: true, force: true });
  }, 60_000);
});
