// `cxas-eval judge calibrate` through the built CLI, against the fake LLM server: the κ it reports
// matches what planted judge noise implies, the labelled demo fixture set (test/fixtures/calibration)
// calibrates, the run gate reads what calibrate stored, and --stability reports flip rates.
import { cp, readdir, readFile } from 'node:fs/promises';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CalibrationReport, CriterionCalibration } from '../../src/model/calibration.js';
import type { RunResult } from '../../src/model/result.js';
import type * as Api from '../../src/index.js';
import { JUDGE_PROMPT_VERSION as JUDGE_PROMPT, type StoredCalibration } from '../../src/judge/index.js';
import { DEMO_APP, ROOT, readJson, runArgs, runCli, tempProject } from '../helpers/cli.js';
import { judgeDocument, noisyJudge, startFakeLlm, type FakeLlm, type RecordedRequest } from '../helpers/fake-llm.mjs';

const FIXTURES = path.join(ROOT, 'test/fixtures/calibration');
const BALANCE = 'The agent tells the user their account balance';

/** The truth of each fixture criterion, read from the judge's transcript document (as the labeller did). */
const RULES: Record<string, (transcript: string) => boolean> = {
  [BALANCE]: (t) => /balance (is|of) \$/.test(t),
  'The user is handed over to the billing team': (t) => /"transfer":\{[^}]*billing_agent/.test(t),
  'The agent says goodbye and ends the conversation': (t) => /"sessionEnded":true/.test(t),
  'The agent opens a support ticket for the user': (t) => /Ticket T-1001 is open/.test(t),
};
const transcriptOf = (r: RecordedRequest): string => JSON.stringify(judgeDocument(r).transcript);
const criterionIs = (criterion: string) => (r: RecordedRequest) => judgeDocument(r).criterion === criterion;

let fake: FakeLlm;
let project: Awaited<ReturnType<typeof tempProject>>;
const env = { GEMINI_API_KEY: 'test-key', CXAS_EVAL_CACHE_SECRET: 'calibration-test-secret-at-least-32-characters' };
const cli = (args: string[]) => runCli(args, { cwd: project.dir, env });
const config = (extra = '', more = '') =>
  project.write(
    'cxas-eval.config.yaml',
    `judge: { backend: gemini, baseUrl: "${fake.url}", model: fake-judge, concurrency: 16${extra} }\n${more}`,
  );

beforeAll(async () => {
  fake = await startFakeLlm();
  project = await tempProject({});
  await cp(FIXTURES, project.dir, { recursive: true });
  // The fixture's transcripts: its conversations run against the demo app on the emulator.
  const run = await cli(
    runArgs({ specs: 'demo-conversations.yaml', app: DEMO_APP, outputDir: 'demo-run' }, '--no-judge'),
  );
  expect(run.stderr).toBe('');
  expect(run.code).toBe(0);
}, 60_000);
afterAll(async () => {
  await fake.close();
  await project.cleanup();
});

/** 200 inline examples, half of them pass, for one criterion. */
function syntheticLabels(criteria: readonly string[]): string {
  const lines = ['labels:'];
  for (const criterion of criteria)
    for (let i = 0; i < 200; i++) {
      const pass = i % 2 === 0;
      const agent = pass ? `Your balance is $${i}.` : 'Please enter your PIN first.';
      lines.push(
        `  - criterion: "${criterion}"`,
        `    transcript: { turns: [{ user: "balance for case ${i}?", agent: "${agent}" }] }`,
        `    verdict: ${pass ? 'pass' : 'fail'}`,
      );
    }
  return `${lines.join('\n')}\n`;
}

/**
 * κ implied by a judge that is right except for a fraction f of its verdicts, flipped whatever the
 * true class: with human pass rate π, the judge says pass at rate q = π(1 − f) + (1 − π)f;
 * observed agreement 1 − f, chance agreement πq + (1 − π)(1 − q).
 */
function impliedKappa(passRate: number, f: number): number {
  const q = passRate * (1 - f) + (1 - passRate) * f;
  const pe = passRate * q + (1 - passRate) * (1 - q);
  return (1 - f - pe) / (1 - pe);
}

const byCriterion = (report: CalibrationReport, criterion: string): CriterionCalibration =>
  report.criteria.find((c) => c.criterion === criterion)!;

describe('judge calibrate', () => {
  it('reports the κ that planted flip rates of 0.1, 0.2 and 0.3 imply, over 200 labels each', async () => {
    fake.reset();
    const planted = [0.1, 0.2, 0.3];
    const criteria = planted.map((f) => `The agent states a balance (noise ${f})`);
    const judges = planted.map((flipRate, i) =>
      noisyJudge({ flipRate, seed: 29 + i, truth: (r) => /balance is \$/.test(transcriptOf(r)) }),
    );
    criteria.forEach((c, i) => fake.on(criterionIs(c), judges[i]!));
    await project.write('noisy.yaml', syntheticLabels(criteria));
    await config();
    const r = await cli([
      'judge',
      'calibrate',
      'noisy.yaml',
      '--reporter',
      'json',
      '--output-dir',
      'noisy',
      '--no-store',
    ]);
    const report = await readJson<CalibrationReport>(path.join(project.dir, 'noisy/calibration.json'));
    planted.forEach((f, i) => {
      const c = byCriterion(report, criteria[i]!);
      expect(judges[i]!.flipped).toBe(200 * f);
      expect(c.n).toBe(200);
      expect(Math.abs(c.kappa! - impliedKappa(0.5, f))).toBeLessThanOrEqual(0.05);
      expect(c.kappaInterval!.low).toBeLessThan(c.kappa!);
      expect(c.kappaInterval!.high).toBeGreaterThan(c.kappa!);
      expect(c.agreement).toBeCloseTo(1 - f, 10);
      expect(c.disagreements).toHaveLength(200 * f);
      expect(c.disagreements[0]!.reasoning).toMatch(/So the criterion (holds|does not hold)\./);
    });
    // κ below the default floor of 0.6 (0.4 at f = 0.3) fails the command, naming the criterion.
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('"The agent states a balance (noise 0.3)": κ 0.40');
  }, 60_000);

  it('calibrates the labelled demo fixtures, stores them, and the run gate reads them', async () => {
    fake.reset();
    fake.on(
      () => true,
      (r: RecordedRequest) => {
        const d = judgeDocument(r);
        const rule = RULES[d.criterion];
        const holds = rule ? rule(transcriptOf(r)) : true;
        const reason = holds
          ? 'Shown in the transcript. So the criterion holds.'
          : 'Not shown. So the criterion does not hold.';
        return { json: { reason, verdict: holds ? 'pass' : 'fail', evidenceTurns: [1] } };
      },
    );
    await config(', calibration: { require: true, minKappa: 0.8 }');
    const calibrated = await cli(['judge', 'calibrate', 'labels.yaml', '--reporter', 'console,json,html']);
    expect(calibrated.stderr).toContain('stored 4 calibration(s)');
    expect(calibrated.code).toBe(0);
    expect(calibrated.stdout).toContain(`"${BALANCE}"\n  n 53, agreement 100.0%, Cohen's κ 1.00`);
    const report = await readJson<CalibrationReport>(path.join(project.dir, 'reports/calibration.json'));
    expect(report.criteria.map((c) => [c.n, c.kappa])).toEqual([
      [53, 1],
      [50, 1],
      [50, 1],
      [50, 1],
    ]);
    expect(byCriterion(report, BALANCE).confusion).toEqual({ passPass: 19, passFail: 0, failPass: 0, failFail: 34 });
    const html = await readFile(path.join(project.dir, 'reports/calibration.html'), 'utf8');
    expect(html).toContain(`<h2>${BALANCE}</h2>`);
    expect(await readdir(path.join(project.dir, '.cxas-eval/calibration'))).toHaveLength(4);

    // The gate: one calibrated criterion, one never labelled, under require: true.
    await project.write(
      'gated.yaml',
      [
        'conversations:',
        '  - name: balance after the PIN',
        '    turns:',
        '      - dtmf: "1234#"',
        '      - user: what is my balance',
        '    expect:',
        `      - judge: { prompt: "${BALANCE}" }`,
        '      - judge: { prompt: "The agent is polite" }',
      ].join('\n'),
    );
    const run = await cli(runArgs({ specs: 'gated.yaml', app: DEMO_APP, outputDir: 'gated' }));
    expect(run.stderr).toBe('');
    expect(run.code).toBe(1);
    const result = await readJson<RunResult>(path.join(project.dir, 'gated/results.json'));
    const [calibratedVerdict, uncalibrated] = result.conversations[0]!.assertions;
    expect(calibratedVerdict).toMatchObject({
      status: 'passed',
      details: { calibration: { calibrated: true, kappa: 1, n: 53, minKappa: 0.8 } },
    });
    // 53 of 53 agree: κ 1.00, yet not a certainty (the Wilson limit of the agreement, mapped to κ).
    expect(calibratedVerdict!.message).toMatch(/\[calibrated: κ 1\.00 \(95% CI 0\.85–1\.00, n 53\)\]$/);
    expect(uncalibrated).toMatchObject({
      status: 'error',
      message:
        'judge error (JUDGE_NOT_CALIBRATED): judge not calibrated for this criterion: ' +
        'no calibration for this criterion and judge (cxas-eval judge calibrate)',
    });
    // Not asked: an uncalibrated criterion under require costs no judge call.
    expect(fake.requests.filter((q) => judgeDocument(q).criterion === 'The agent is polite')).toEqual([]);
  }, 60_000);

  it('a calibration the judge failed on is rejected by the command and by the run gate alike', async () => {
    fake.reset();
    const criterion = 'The agent greets the caller (judge half down)';
    // Examples 4..7 are never judged (401, not retried); the four judged agree with the person.
    fake.on((r: RecordedRequest) => /case [4-7]\b/.test(transcriptOf(r)), { status: 401 });
    fake.on(criterionIs(criterion), (r: RecordedRequest) => {
      const holds = /Welcome/.test(transcriptOf(r));
      const reason = holds ? 'So the criterion holds.' : 'So the criterion does not hold.';
      return { json: { reason, verdict: holds ? 'pass' : 'fail', evidenceTurns: [1] } };
    });
    const labels = ['labels:'];
    for (let i = 0; i < 8; i++)
      labels.push(
        `  - criterion: "${criterion}"`,
        `    transcript: { turns: [{ user: "case ${i}", agent: "${i % 2 ? 'Bye' : 'Welcome'}" }] }`,
        `    verdict: ${i % 2 ? 'fail' : 'pass'}`,
      );
    await project.write('half-down.yaml', `${labels.join('\n')}\n`);
    await config(', calibration: { require: true, minLabels: 4, dir: half-down-cal }');
    const calibrated = await cli(['judge', 'calibrate', 'half-down.yaml', '--reporter', 'json', '--no-cache']);
    expect(calibrated.code).toBe(1);
    const why = 'the judge failed on 4 of 8 labelled example(s) (judge calibrate again once it answers)';
    expect(calibrated.stderr).toContain(`"${criterion}": κ 1.00`);
    expect(calibrated.stderr).toContain(why);
    await project.write(
      'half-down-spec.yaml',
      `conversations:\n  - name: greets\n    turns:\n      - event: WELCOME\n    expect:\n` +
        `      - judge: { prompt: "${criterion}" }\n`,
    );
    const run = await cli(runArgs({ specs: 'half-down-spec.yaml', app: DEMO_APP, outputDir: 'half-down' }));
    expect(run.code).toBe(1);
    const result = await readJson<RunResult>(path.join(project.dir, 'half-down/results.json'));
    expect(result.conversations[0]!.assertions[0]).toMatchObject({ status: 'error' });
    expect(result.conversations[0]!.assertions[0]!.message).toContain(
      `judge error (JUDGE_NOT_CALIBRATED): judge not calibrated for this criterion: κ 1.00`,
    );
    expect(result.conversations[0]!.assertions[0]!.message).toContain(why);
    await config();
  }, 60_000);

  it("calibrates a spec expectation with the expectation's own samples, as the run asks it", async () => {
    fake.reset();
    const criterion = 'The agent welcomes the caller (three samples)';
    fake.on(criterionIs(criterion), (r: RecordedRequest) => {
      const holds = /Welcome/.test(transcriptOf(r));
      const reason = holds ? 'So the criterion holds.' : 'So the criterion does not hold.';
      return { json: { reason, verdict: holds ? 'pass' : 'fail', evidenceTurns: [1] } };
    });
    await project.write(
      'sampled-spec.yaml',
      `conversations:\n  - name: greets\n    turns:\n      - event: WELCOME\n    expect:\n` +
        `      - judge: { prompt: "${criterion}", samples: 3 }\n`,
    );
    const labels = ['labels:'];
    for (let i = 0; i < 4; i++)
      labels.push(
        '  - expectation: { spec: sampled-spec.yaml, conversation: greets, index: 1 }',
        `    transcript: { turns: [{ user: "case ${i}", agent: "${i % 2 ? 'Bye' : 'Welcome'}" }] }`,
        `    verdict: ${i % 2 ? 'fail' : 'pass'}`,
      );
    await project.write('sampled.yaml', `${labels.join('\n')}\n`);
    await config(', calibration: { require: true, minLabels: 4, dir: sampled-cal }');
    const calibrated = await cli([
      'judge',
      'calibrate',
      'sampled.yaml',
      '--reporter',
      'json,console',
      '--output-dir',
      'sampled',
    ]);
    expect(calibrated.code).toBe(0);
    expect(calibrated.stdout).toContain(`"${criterion}" (samples 3)\n  n 4, agreement 100.0%`);
    const report = await readJson<CalibrationReport>(path.join(project.dir, 'sampled/calibration.json'));
    expect(byCriterion(report, criterion).fingerprint.samples).toBe(3);
    // Each example asked three times, as the run will.
    expect(fake.requests.filter(criterionIs(criterion))).toHaveLength(4 * 3);
    const run = await cli(runArgs({ specs: 'sampled-spec.yaml', app: DEMO_APP, outputDir: 'sampled-run' }));
    expect(run.code).toBe(0);
    const result = await readJson<RunResult>(path.join(project.dir, 'sampled-run/results.json'));
    expect(result.conversations[0]!.assertions[0]).toMatchObject({
      status: 'passed',
      details: { calibration: { calibrated: true, n: 4 } },
    });
    await config();
  }, 60_000);

  it('masks what redact names in every rendering and stored calibration, yet the run gate finds it', async () => {
    fake.reset();
    const criterion = 'The agent never reads back card 4111-9999';
    fake.on(criterionIs('The agent never reads back card [REDACTED]'), (r: RecordedRequest) => {
      const holds = !/Noted card/.test(transcriptOf(r));
      const reason = holds
        ? 'So the criterion holds.'
        : 'The agent said card 4111-9999 back. So the criterion does not hold.';
      return { json: { reason, verdict: holds ? 'pass' : 'fail', evidenceTurns: [1] } };
    });
    const READ_BACK = 'Noted card 4111-9999';
    const labels = ['labels:'];
    for (let i = 0; i < 4; i++)
      labels.push(
        `  - criterion: "${criterion}"`,
        `    transcript: { turns: [{ user: "card 4111-9999 (${i})", agent: "${i ? 'Thanks' : READ_BACK}" }] }`,
        // The first label disagrees with the judge: its reasoning and note are in every rendering.
        '    verdict: pass',
        '    note: "the caller gave 4111-9999"',
      );
    await project.write('card.yaml', `${labels.join('\n')}\n`);
    await config(
      ', calibration: { require: true, minKappa: -1, minLabels: 4, dir: card-cal }',
      'redact: ["4111-\\\\d{4}"]\n',
    );
    const calibrated = await cli([
      'judge',
      'calibrate',
      'card.yaml',
      '--reporter',
      'console,json,html',
      '--output-dir',
      'card',
    ]);
    expect(calibrated.stdout).toContain('"The agent never reads back card [REDACTED]"');
    expect(calibrated.stdout).toContain('note: the caller gave [REDACTED]');
    const stored = await readdir(path.join(project.dir, 'card-cal'));
    expect(stored).toHaveLength(1);
    const written = [
      calibrated.stdout,
      calibrated.stderr,
      await readFile(path.join(project.dir, 'card/calibration.json'), 'utf8'),
      await readFile(path.join(project.dir, 'card/calibration.html'), 'utf8'),
      await readFile(path.join(project.dir, 'card-cal', stored[0]!), 'utf8'),
    ];
    for (const text of written) expect(text).not.toContain('4111-9999');
    // The stored file keeps the real criterion's fingerprint: the run's gate finds it.
    await project.write(
      'card-spec.yaml',
      `conversations:\n  - name: card\n    turns:\n      - user: "my card is 4111-9999"\n    expect:\n` +
        `      - judge: { prompt: "${criterion}" }\n`,
    );
    const run = await cli(runArgs({ specs: 'card-spec.yaml', app: DEMO_APP, outputDir: 'card-run' }));
    const result = await readJson<RunResult>(path.join(project.dir, 'card-run/results.json'));
    expect(result.conversations[0]!.assertions[0]).toMatchObject({
      status: 'passed',
      details: { calibration: { calibrated: true, n: 4 } },
    });
    expect(run.code).toBe(0);
    await config();
  }, 60_000);

  it('masks the texts of the report and keeps its timestamp, verdicts and judge identity', async () => {
    fake.reset();
    // The judge disagrees with the label, so the reasoning (holding the secret) is in the report.
    fake.on(() => true, {
      json: { reason: 'It read PIN 1234 back. So it does not hold.', verdict: 'fail', evidenceTurns: [1] },
    });
    await project.write(
      'pin.yaml',
      'labels:\n  - criterion: "The agent keeps PIN 1234 secret"\n' +
        '    transcript: { turns: [{ user: "my PIN is 1234", agent: "Thanks" }] }\n    verdict: pass\n',
    );
    // Digits and "fail": patterns that also match the timestamp, the model name, the tool version
    // and the verdicts, none of which is text a person wrote.
    await project.write(
      'cxas-eval.config.yaml',
      `judge: { backend: gemini, baseUrl: "${fake.url}", model: gemini-2.5-flash, calibration: { dir: pin-cal } }\n` +
        'redact: ["\\\\d+", "fail"]\n',
    );
    await cli(['judge', 'calibrate', 'pin.yaml', '--reporter', 'json', '--output-dir', 'pin', '--no-cache']);
    const report = await readJson<CalibrationReport>(path.join(project.dir, 'pin/calibration.json'));
    const [stored] = await readdir(path.join(project.dir, 'pin-cal'));
    const saved = await readJson<StoredCalibration>(path.join(project.dir, 'pin-cal', stored!));
    const iso = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
    expect(report.createdAt).toMatch(iso);
    expect(report.toolVersion).toMatch(/^\d+\.\d+\.\d+/);
    expect(report.judge).toMatchObject({ backend: 'gemini', model: 'gemini-2.5-flash', promptVersion: JUDGE_PROMPT });
    for (const c of [report.criteria[0]!, saved]) {
      expect(c.criterion).toBe('The agent keeps PIN [REDACTED] secret');
      expect(c.fingerprint).toMatchObject({
        criterion: 'The agent keeps PIN [REDACTED] secret',
        backend: 'gemini',
        model: 'gemini-2.5-flash',
        promptVersion: JUDGE_PROMPT,
      });
      expect(c.disagreements).toMatchObject([
        { human: 'pass', judge: 'fail', reasoning: 'It read PIN [REDACTED] back. So it does not hold.' },
      ]);
    }
    expect(saved.calibratedAt).toBe(report.createdAt);
    await config();
  }, 60_000);

  it('--stability N re-judges each transcript N times: flip rates, repeated conversations apart', async () => {
    fake.reset();
    const noisy = noisyJudge({ flipRate: 0.25, seed: 3, truth: (r) => RULES[BALANCE]!(transcriptOf(r)) });
    fake.on(criterionIs(BALANCE), noisy);
    fake.on(
      () => true,
      (r: RecordedRequest) => {
        const holds = RULES[judgeDocument(r).criterion]!(transcriptOf(r));
        const reason = holds ? 'So the criterion holds.' : 'So the criterion does not hold.';
        return { json: { reason, verdict: holds ? 'pass' : 'fail', evidenceTurns: [] } };
      },
    );
    await config();
    const r = await cli([
      'judge',
      'calibrate',
      'labels.yaml',
      '--stability',
      '4',
      '--reporter',
      'json,console',
      '--no-store',
      '--no-cache',
    ]);
    expect(r.stderr).not.toMatch(/error/i);
    const report = await readJson<CalibrationReport>(path.join(project.dir, 'reports/calibration.json'));
    const balance = byCriterion(report, BALANCE).stability!;
    expect(balance).toMatchObject({ repeats: 4, transcripts: 53, errors: 0 });
    expect(noisy.flipped).toBe(53);
    expect(balance.flipRate).toBeGreaterThan(0.2);
    expect(balance.unstable).toBeGreaterThan(20);
    // The demo app answers the same every time: the three runs share one transcript, so every
    // difference among their verdicts is the judge's.
    expect(balance.repeated).toEqual([
      expect.objectContaining({ runs: 3, distinctTranscripts: 1, verdictFollowsTranscript: false }),
    ]);
    // A deterministic judge does not flip.
    const steady = byCriterion(report, 'The agent opens a support ticket for the user').stability!;
    expect([steady.flipRate, steady.unstable]).toEqual([0, 0]);
    expect(r.stdout).toMatch(/stability: 4 judgments of each of 53 transcripts; flip rate \d+\.\d%/);
    // Distinct sample indexes: four requests per transcript, none answered from the cache.
    expect(fake.requests.filter(criterionIs(BALANCE))).toHaveLength(53 * 4);
  }, 60_000);

  it('run --judge-stability N re-judges every judge verdict of the run on its own transcript', async () => {
    fake.reset();
    const noisy = noisyJudge({ flipRate: 0.5, truth: () => true });
    fake.on(criterionIs('The agent greets the caller'), noisy);
    fake.on(() => true, { json: { reason: 'So the criterion holds.', verdict: 'pass', evidenceTurns: [1] } });
    // What `redact` masks is masked here too, as in every other report.
    await config('', 'redact: ["refund time"]\n');
    await project.write(
      'stable.yaml',
      [
        'conversations:',
        '  - name: greeting',
        '    repeat: 3',
        '    turns:',
        '      - event: WELCOME',
        '        expect:',
        '          - judge: { prompt: "The agent greets the caller" }',
        '  - name: refund',
        '    turns:',
        '      - user: how long does a refund take',
        '    expect:',
        '      - judge: { prompt: "The agent gives the refund time" }',
      ].join('\n'),
    );
    const r = await cli(
      runArgs({ specs: 'stable.yaml', app: DEMO_APP, outputDir: 'stable' }, '--judge-stability', '3'),
    );
    expect(r.stderr).toBe('');
    const report = await readJson<{ repeats: number; criteria: Array<Record<string, unknown>> }>(
      path.join(project.dir, 'stable/judge-stability.json'),
    );
    expect(report.repeats).toBe(3);
    const [greets, refund] = report.criteria;
    // Three runs of one deterministic conversation: one transcript, so the flips are the judge's own.
    expect(greets).toMatchObject({
      criterion: 'The agent greets the caller',
      transcripts: 3,
      unstable: 3,
      repeated: [{ runs: 3, distinctTranscripts: 1, verdictFollowsTranscript: false, sameTranscriptFlips: 1 }],
    });
    expect(greets!['flipRate']).toBeGreaterThan(0);
    expect(refund).toMatchObject({
      criterion: 'The agent gives the [REDACTED]',
      flipRate: 0,
      unstable: 0,
      repeated: [],
    });
    expect(r.stdout).toContain('judge stability: 3 judgments of each judged transcript');
    expect(r.stdout).not.toContain('refund time');
    await config();
  }, 60_000);

  it('run --judge-stability N writes judge-stability.json when no file reporter made the folder', async () => {
    fake.reset();
    fake.on(() => true, { json: { reason: 'So the criterion holds.', verdict: 'pass', evidenceTurns: [1] } });
    const r = await cli(
      runArgs(
        { specs: 'stable.yaml', app: DEMO_APP, reporter: 'list', outputDir: 'stable-list/deep' },
        '--judge-stability',
        '2',
        '--no-cache', // the test above cached a noisy judge's verdicts
      ),
    );
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const report = await readJson<{ repeats: number }>(path.join(project.dir, 'stable-list/deep/judge-stability.json'));
    expect(report.repeats).toBe(2);
  }, 60_000);

  it('the library run takes judgeStability too, its text through io.out', async () => {
    fake.reset();
    fake.on(() => true, { json: { reason: 'So the criterion holds.', verdict: 'pass', evidenceTurns: [1] } });
    const api = (await import(pathToFileURL(path.join(ROOT, 'dist/index.js')).href)) as typeof Api;
    const out: string[] = [];
    const warnings: string[] = [];
    const run = await api.run({
      cwd: project.dir,
      paths: ['stable.yaml'],
      emulator: DEMO_APP,
      reporters: ['json'],
      outputDir: 'stable-lib',
      judgeStability: 2,
      cache: false, // the CLI run above cached a noisy judge's verdicts
      history: false,
      io: { env: { ...process.env, ...env }, out: (t) => void out.push(t), warn: (t) => void warnings.push(t) },
    });
    expect(warnings).toEqual([]);
    expect(run.exitCode).toBe(api.EXIT.ok);
    const report = await readJson<{ repeats: number; criteria: Array<{ criterion: string; transcripts: number }> }>(
      path.join(project.dir, 'stable-lib/judge-stability.json'),
    );
    expect(report.repeats).toBe(2);
    expect(report.criteria.map((c) => [c.criterion, c.transcripts])).toEqual([
      ['The agent greets the caller', 3],
      ['The agent gives the refund time', 1],
    ]);
    expect(out.join('')).toContain('judge stability: 2 judgments of each judged transcript');
  }, 60_000);

  it('names every bad label at file:line:col and judges nothing', async () => {
    fake.reset();
    await project.write(
      'two-judged.yaml',
      'conversations:\n  - name: two\n    turns:\n      - user: hi\n        expect:\n' +
        '          - judge: { prompt: "first" }\n    expect:\n      - judge: { prompt: "second" }\n',
    );
    await project.write(
      'bad.yaml',
      'labels:\n  - criterion: x\n' +
        '    transcript: { run: demo-run/results.json, conversation: nope }\n    verdict: pass\n' +
        '  - expectation: { spec: two-judged.yaml, conversation: two, index: 3 }\n' +
        '    transcript: { turns: [{ user: hi }] }\n    verdict: fail\n',
    );
    const r = await cli(['judge', 'calibrate', 'bad.yaml']);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(
      'bad.yaml:2:5: transcript.conversation: no conversation "nope" in demo-run/results.json\n' +
        'bad.yaml:5:5: expectation.index 3: "two" has 2 judge expectation(s)\n' +
        '2 errors; nothing was judged.\n',
    );
    expect(fake.requests).toEqual([]);
  });
});
