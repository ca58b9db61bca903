// In GitHub Actions every stdout line starting with `::` is a workflow command. Names and messages from
// specs and agents must never start one: only the github reporter's own escaped annotations may.
import { describe, expect, it } from 'vitest';
import { calibrationText, comparisonText, createReporter } from '../../src/reporters/index.js';
import type { RunResult } from '../../src/model/result.js';
import type { CalibrationReport } from '../../src/model/calibration.js';
import { compareRuns } from '../../src/compare/index.js';
import { buildRunResult, conversation } from './fixture.js';
import { textStream } from '../helpers/text-stream.js';
import { conversationRun, runOf } from '../helpers/run-result.js';

function hostileRun(): RunResult {
  return buildRunResult([
    conversation({ name: 'x\n::warning title=pwned::from a name', file: 'specs/a.yaml', status: 'passed' }),
    conversation({
      name: 'y\r::set-env name=A::b',
      file: 'specs/a.yaml',
      status: 'error',
      error: { code: 'E', message: 'line\n::add-mask::z, 50%\r\n::error::fake' },
    }),
  ]);
}

/** The GitHub runner trims leading whitespace and splits on \r, \n and \r\n. */
function commandLines(out: string): string[] {
  return out
    .split(/\r\n|\r|\n/)
    .map((l) => l.trimStart())
    .filter((l) => l.startsWith('::'));
}

describe('workflow command injection', () => {
  it('list and github print no command but the escaped annotations', async () => {
    const { stream, text } = textStream();
    const env = { GITHUB_ACTIONS: 'true' };
    const opts = { outputDir: 'unused', stream, env, ci: true, isTTY: false };
    const list = await createReporter('list', opts);
    const github = await createReporter('github', opts);
    const result = hostileRun();
    for (const c of result.conversations) await list.onConversationEnd!(c);
    await list.onRunEnd!(result);
    await github.onRunEnd!(result);
    const commands = commandLines(text());
    expect(commands).toEqual([
      '::error file=specs/a.yaml,line=3,col=5,title=specs/a.yaml › y%0D%3A%3Aset-env name=A%3A%3Ab::' +
        'E: line%0A::add-mask::z, 50%25%0D%0A::error::fake',
    ]);
    expect(text()).toContain('✓ specs/a.yaml › x\\n::warning title=pwned::from a name');
  });

  it("a golden diff's lines of agent text starting with :: (after the diff's indent) are no command", async () => {
    // The agent's reply, four lines: the middle two are unchanged, so the diff prints them as context.
    const reply = (v: string) => `Hello\n::error title=Forged::all checks passed\n  ::add-mask::Hello\nprice ${v}`;
    const c = conversation({
      name: 'multi-line reply',
      file: 'specs/wf.yaml',
      status: 'failed',
      golden: {
        file: 'goldens/wf/multi-line-reply.yaml',
        status: 'mismatched',
        diffs: [{ turn: 0, field: 'text', expected: reply('v1'), actual: reply('v2') }],
      },
    });
    const { stream, text } = textStream();
    const list = await createReporter('list', { outputDir: 'unused', stream, ci: true, isTTY: false });
    await list.onConversationEnd!(c);
    await list.onRunEnd!(buildRunResult([c]));
    expect(commandLines(text())).toEqual([]);
    // Still shown, with the first colon escaped.
    expect(text()).toContain('       \\u003a:error title=Forged::all checks passed\n');
    expect(text()).toContain('         \\u003a:add-mask::Hello\n');
    expect(text()).toContain('     - price v1\n');
  });

  it('the comparison and calibration texts print names, failures and reasoning on lines of their own', () => {
    const hostile = 'x\r::error::forged';
    const runs = (status: 'passed' | 'failed', startedAt: string) => ({
      label: `${startedAt}\n::warning::label`,
      result: runOf({
        runId: startedAt,
        startedAt,
        app: 'apps/x',
        conversations: [conversationRun({ specId: hostile, runIndex: 0, repeat: 1, status })],
      }),
    });
    const comparison = compareRuns(runs('passed', '2026-01-01T00:00:00Z'), runs('failed', '2026-01-02T00:00:00Z'), {
      settings: { resamples: 100 },
    });
    expect(comparisonText(comparison, { all: true })).toContain('x\\n::error::forged');
    expect(commandLines(comparisonText(comparison, { all: true }))).toEqual([]);
    const report: CalibrationReport = {
      kind: 'cxas-eval-calibration',
      version: 1,
      createdAt: '2026-12-06T23:00:00.000Z',
      toolVersion: '0.1.0',
      judge: { promptVersion: 'judge-v3', backend: 'gemini', model: 'm', temperature: 0, samples: 1 },
      labels: ['labels.yaml'],
      confidence: 0.95,
      resamples: 2000,
      seed: 1,
      criteria: [
        {
          criterion: 'polite\n::error::criterion',
          fingerprint: {
            criterion: 'polite',
            promptVersion: 'judge-v3',
            backend: 'gemini',
            model: 'm',
            temperature: 0,
            samples: 1,
          },
          fingerprintKey: 'a'.repeat(64),
          n: 1,
          errors: 0,
          agreement: 0,
          kappa: null,
          kappaInterval: null,
          balancedAccuracy: null,
          confusion: { passPass: 0, passFail: 1, failPass: 0, failFail: 0 },
          disagreements: [
            {
              label: 'labels.yaml:1:1',
              transcript: '::transcript',
              human: 'pass',
              judge: 'fail',
              reasoning: 'curt.\r\n::error::reasoning',
              note: '\n::notice::note',
            },
          ],
          stability: {
            repeats: 2,
            transcripts: 1,
            unstable: 0,
            flipRate: 0,
            errors: 0,
            repeated: [
              {
                conversation: '::error::name',
                runs: 2,
                distinctTranscripts: 1,
                verdictFollowsTranscript: false,
                sameTranscriptFlips: 0,
              },
            ],
          },
        },
      ],
    };
    const calibration = calibrationText(report);
    expect(commandLines(calibration)).toEqual([]);
    expect(calibration).toContain('curt.\\n::error::reasoning');
    expect(calibration).toContain('    \\u003a:error::name: 2 runs');
  });
});
