// `judge` expectations end to end: the CLI against the demo app on the emulator and the fake LLM server in
// the Gemini API, Vertex AI and OpenAI shapes. Every fault is an error in results.json, junit.xml and report.html.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RESULT_SCHEMA_VERSION, type ConversationResult } from '../../src/model/result.js';
import { startFakeLlm, type FakeLlm } from '../helpers/fake-llm.mjs';
import { parseXml, type XmlElement } from '../reporters/xml.js';
import { FAULTS, judgeProject, script, type JudgeRun } from './e2e-project.js';
import { SHAPES, type Shape } from './helpers.js';

function testcases(xml: string): Map<string, XmlElement> {
  const out = new Map<string, XmlElement>();
  const walk = (e: XmlElement): void => {
    if (e.name === 'testcase') out.set(e.attrs['name']!, e);
    e.children.forEach(walk);
  };
  walk(parseXml(xml));
  return out;
}

function judgeResult(c: ConversationResult) {
  return [...c.turns.flatMap((t) => t.assertions), ...c.assertions].find((a) => a.matcher === 'judge')!;
}

describe.each(SHAPES)('judge end to end, %s shape', (shape: Shape) => {
  let fake: FakeLlm;
  let project: Awaited<ReturnType<typeof judgeProject>>;
  let first: JudgeRun;
  let byName: Map<string, ConversationResult>;

  beforeAll(async () => {
    fake = await startFakeLlm();
    script(fake);
    project = await judgeProject(shape, fake);
    first = await project.run();
    byName = new Map(first.results.conversations.map((c) => [c.name, c]));
  });
  afterAll(async () => {
    await fake.close();
    await project.project.cleanup();
  });

  it('passes, fails and negates on verdicts; a 429 is retried', () => {
    expect(first.cli.code, first.cli.stdout + first.cli.stderr).toBe(1);
    expect(byName.get('pass')).toMatchObject({ status: 'passed' });
    expect(judgeResult(byName.get('pass')!)).toMatchObject({
      status: 'passed',
      turn: 0,
      details: { votes: '1/1', evidenceTurns: [2] },
    });
    expect(byName.get('fail')).toMatchObject({ status: 'failed' });
    expect(byName.get('negated fail')).toMatchObject({ status: 'passed' });
    expect(byName.get('retry429')).toMatchObject({ status: 'passed' });
    expect(judgeResult(byName.get('retry429')!).details).toMatchObject({ calls: [{ attempts: 2 }] });
  });

  it('shows a turn-level judge the conversation up to its turn, a conversation-level judge all of it', () => {
    const prompts = fake.requests.map((r) => r.prompt);
    const turnLevel = prompts.find((p) => p.includes('[case:pass]'))!;
    const whole = prompts.find((p) => p.includes('[case:fail]') && p.includes('whole conversation'))!;
    const turnsOf = (prompt: string) => (JSON.parse(prompt) as { transcript: Array<{ turn: number }> }).transcript;
    expect(turnsOf(turnLevel).map((t) => t.turn)).toEqual([1]);
    expect(turnLevel).toContain('grade the criterion at turn 1');
    expect(turnsOf(whole)[1]).toMatchObject({
      turn: 2,
      events: expect.arrayContaining([{ role: 'user', text: 'goodbye' }]),
    });
  });

  it.each([...FAULTS, 'negated fault'])('%s is an error in results.json, junit.xml and report.html', (name) => {
    const c = byName.get(name)!;
    expect(c.status).toBe('error');
    const a = judgeResult(c);
    expect(a.status).toBe('error');
    expect(a.message).toMatch(/^judge error \(JUDGE_[A-Z_]+\): /);
    const tc = testcases(first.junit).get(name)!;
    expect(tc.children.map((ch) => ch.name)).toContain('error');
    expect(tc.children.map((ch) => ch.name)).not.toContain('failure');
    expect(first.html).toContain(
      JSON.stringify(a.message).slice(1, 40).replace(/</g, '\\u003c').replace(/>/g, '\\u003e'),
    );
  });

  it('keeps the raw reply of an unusable answer', () => {
    expect(judgeResult(byName.get('badJson')!).actual).toBe('The verdict is: pass');
  });

  it('counts calls, tokens and cost in results.json, the list summary, report.html and junit <properties>', () => {
    const usage = first.results.llmUsage!.judge!;
    const calls = first.results.conversations
      .flatMap((c) => [...c.turns.flatMap((t) => t.assertions), ...c.assertions])
      .filter((a) => a.matcher === 'judge')
      .flatMap((a) => (a.details?.['calls'] ?? []) as Array<{ inputTokens: number; outputTokens: number }>);
    expect(usage.calls).toBe(calls.length);
    expect(usage.inputTokens).toBe(calls.reduce((s, c) => s + c.inputTokens, 0));
    expect(usage.estCostUsd).toBeCloseTo((usage.inputTokens * 0.1 + usage.outputTokens * 0.4) / 1e6, 10);
    expect(usage.errors).toBeGreaterThanOrEqual(6);
    expect(first.results.schemaVersion).toBe(RESULT_SCHEMA_VERSION);
    expect(first.cli.stdout).toMatch(/Judge expectations: 3 passed, 1 failed, 9 error, 0 skipped/);
    expect(first.cli.stdout).toContain(`Judge usage: ${usage.calls} calls (0 cached)`);
    expect(first.html).toContain('id="llm-summary"');
    const props = parseXml(first.junit).children[0]!.children.find((ch) => ch.name === 'properties')!;
    expect(props.children.map((p) => [p.attrs['name'], p.attrs['value']])).toContainEqual([
      'cxas-eval.judge.calls',
      String(usage.calls),
    ]);
  });

  it('answers a second run from the cache: verdicts cost nothing, faults are asked again', async () => {
    const before = fake.requests.length;
    const second = await project.run();
    const asked = fake.requests.slice(before).map((r) => /\[case:(\w+)\]/.exec(r.prompt)?.[1]);
    expect(asked).not.toContain('pass');
    expect(asked).not.toContain('fail');
    expect(asked).toContain('hang');
    const pass = judgeResult(second.results.conversations.find((c) => c.name === 'pass')!);
    expect(pass).toMatchObject({
      status: 'passed',
      details: { cached: true, calls: [{ cached: true, inputTokens: 0 }] },
    });
    expect(pass.message).toMatch(/judge says the criterion holds \(1\/1, cached, evidence turns 2\)/);
    // pass, fail twice, retry429's pass, and both samples of split (valid verdicts, still no majority).
    expect(second.results.llmUsage!.judge!.cacheHits).toBe(6);
  });
});

describe('judge end to end without a judge', () => {
  it('--no-judge skips with the reason; --fail-on-skipped fails the run', async () => {
    const fake = await startFakeLlm();
    const { project, run } = await judgeProject('gemini', fake);
    try {
      const skipped = await run(['--no-judge']);
      expect(fake.requests).toHaveLength(0);
      const c = skipped.results.conversations.find((x) => x.name === 'pass')!;
      expect(c).toMatchObject({
        status: 'skipped',
        skipReason: 'every expectation was skipped (judge disabled (--no-judge)); nothing was checked',
      });
      expect(judgeResult(c)).toMatchObject({ status: 'skipped', message: 'judge disabled (--no-judge)' });
      expect(skipped.cli.code).toBe(0);
      expect(skipped.cli.stdout).toContain('13 skipped (judge disabled (--no-judge))');
      expect(skipped.html).toContain('judge disabled (--no-judge)');
      const strict = await run(['--no-judge', '--fail-on-skipped']);
      expect(strict.cli.code).toBe(1);
      expect(strict.results.errors).toContainEqual(expect.objectContaining({ code: 'FAIL_ON_SKIPPED' }));
    } finally {
      await fake.close();
      await project.cleanup();
    }
  });
});
