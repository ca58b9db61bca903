import { describe, expect, it } from 'vitest';
import { createListReporter } from '../../src/reporters/list.js';
import { withTextControlsEscaped } from '../../src/reporters/one-line.js';
import type { ReporterOptions } from '../../src/reporters/types.js';
import { buildRunResult, conversation, SECRET } from './fixture.js';
import { textStream } from '../helpers/text-stream.js';

const ESC = '\u001b';
const ANSI_COLOR = new RegExp(`${ESC}\\[\\d+m`, 'g');

/** Times vary between machines; everything else is compared exactly. */
function normalise(s: string): string {
  return s.replace(/\d+(\.\d+)?(ms|s)\b/g, '<t>').replace(/\d+m\d+s/g, '<t>');
}

async function runLive(opts: Partial<ReporterOptions>): Promise<string> {
  const result = buildRunResult();
  const { stream, text } = textStream();
  let clock = 0;
  const reporter = createListReporter(
    { outputDir: '/w/reports', cwd: '/w', stream, reporters: ['list', 'json', 'junit', 'html'], ...opts },
    () => clock,
  );
  await reporter.onRunStart!({
    runId: result.runId,
    startedAt: result.startedAt,
    target: result.target,
    total: result.conversations.length,
  });
  for (const c of result.conversations) {
    clock += 1000;
    await reporter.onConversationEnd!(c);
  }
  await reporter.onRunEnd!(result);
  return text();
}

const SUMMARY = [
  'Failures:',
  '',
  '  1) ✗ specs/billing.yaml › refund flow (<t>)',
  '     ✗ expected text to contain "refund issued"; got "I cannot help with that." ' +
    '(text) at specs/billing.yaml:21:11',
  '     ✗ expected tools [refund_order] in order; got [] (toolSequence) at specs/billing.yaml:25:9',
  '     --- golden goldens/billing/refund-flow.json',
  '     +++ this run',
  '     @@ turn 2 text @@',
  '     - Refund issued for order 77.',
  '     + I cannot help with that.',
  '',
  '  2) ! specs/support/escalation.yaml › escalate to human (<t>)',
  '     ! UNAVAILABLE: connection refused (127.0.0.1:50051) at specs/support/escalation.yaml:6:9',
  '     ATTEMPT 1 error (<t>) UNAVAILABLE: connection refused (127.0.0.1:50051), retried after <t>',
  '     ATTEMPT 2 error (<t>) UNAVAILABLE: connection refused (127.0.0.1:50051)',
  '',
  '  3) ✗ specs/repeat.yaml › flaky greeting [#3] (<t>)',
  '     ✗ expected text to contain "Hello"; got "Hi." (text) at specs/repeat.yaml:8:11',
  '',
  '',
  'Flaky (1):',
  '  ~ specs/repeat.yaml › flaky greeting: mixed results: 2/3 runs passed (66.7%)',
  '',
  'Skipped:',
  '  - 1 × natural-language expectation needs an LLM judge',
  '',
  'Repeats:',
  '  ✗ specs/repeat.yaml › flaky greeting: 2/3 passed (66.7%), pass^3 0.00, required 80.0% (flaky)',
  '',
  '8 runs of 6 conversations: 4 passed, 2 failed, 1 error, 1 skipped, 1 flaky · pass rate 57.1% · <t>',
  'Status: error',
  'Reports: reports/results.json, reports/junit.xml, reports/report.html',
  '',
].join('\n');

describe('list reporter', () => {
  it('prints one plain line per conversation under CI, then the failure summary', async () => {
    const out = await runLive({ isTTY: true, ci: true });
    expect(out.includes(ESC)).toBe(false);
    expect(normalise(out)).toBe(
      [
        '✓ specs/billing.yaml › balance lookup (<t>)',
        '✗ specs/billing.yaml › refund flow (<t>)',
        '! specs/support/escalation.yaml › escalate to human (<t>)',
        '- specs/support/escalation.yaml › legacy judge (<t>) ' +
          'skipped: natural-language expectation needs an LLM judge',
        '✓ specs/repeat.yaml › flaky greeting [#1] (<t>)',
        '✓ specs/repeat.yaml › flaky greeting [#2] (<t>)',
        '✗ specs/repeat.yaml › flaky greeting [#3] (<t>)',
        '✓ specs/security.yaml › hostile content (<t>)',
        '',
        SUMMARY,
      ].join('\n'),
    );
  });

  it('redraws one progress line in a TTY with counts, elapsed and ETA', async () => {
    const out = await runLive({ isTTY: true, env: {} });
    const frames = out.split('\r\x1b[2K').map((f) => f.replace(ANSI_COLOR, ''));
    expect(frames[1]).toBe('[0/8] 0 passed, 0 failed, 0 error · elapsed 0ms · ETA -');
    // After the first conversation: 1s elapsed for 1 of 8, so 7s to go.
    expect(frames[2]).toBe('[1/8] 1 passed, 0 failed, 0 error · elapsed 1.0s · ETA 7.0s');
    expect(frames).toContain('✗ specs/billing.yaml › refund flow (2.3s)\n');
    expect(frames).toContain('[8/8] 4 passed, 2 failed, 1 error · elapsed 8.0s · ETA -');
    expect(out).toContain(`${ESC}[32m`); // coloured
    // passes only advance the counter
    expect(frames).not.toContain('✓ specs/billing.yaml › balance lookup (1.5s)\n');
    expect(normalise(frames.at(-1)!.replace(/^\n/, ''))).toBe(SUMMARY);
  });

  it('NO_COLOR keeps the progress line on a terminal and drops the colours', async () => {
    const out = await runLive({ isTTY: true, env: { NO_COLOR: '1' } });
    expect(out).toContain('\r\x1b[2K[1/8] 1 passed, 0 failed, 0 error');
    expect(out.replaceAll('\r\x1b[2K', '')).not.toMatch(ANSI_COLOR);
  });

  it('lists every conversation at the end when no live hooks ran (regenerated reports)', async () => {
    const { stream, text } = textStream();
    await createListReporter({ outputDir: 'reports', stream, isTTY: false }).onRunEnd!(buildRunResult());
    expect(text().split('\n').slice(0, 2)).toEqual([
      '✓ specs/billing.yaml › balance lookup (1.5s)',
      '✗ specs/billing.yaml › refund flow (2.3s)',
    ]);
  });

  it('masks redact patterns in what it prints', async () => {
    const result = buildRunResult();
    result.conversations[1]!.turns[1]!.assertions[0]!.message = `got "${SECRET}"`;
    const { stream, text } = textStream();
    await createListReporter({ outputDir: 'reports', stream, isTTY: false, redact: [/sk-live-\w+/] }).onRunEnd!(result);
    expect(text()).toContain('got "[REDACTED]"');
    expect(text()).not.toContain(SECRET);
  });

  it('marks a failed run its passRate tolerated in the Failures list: it failed nothing', async () => {
    const runs = [0, 1, 2, 3, 4].map((runIndex) =>
      conversation({
        name: 'flaky greeting',
        file: 'specs/repeat.yaml',
        repeat: 5,
        runIndex,
        status: runIndex === 2 ? 'failed' : 'passed',
      }),
    );
    const { stream, text } = textStream();
    await createListReporter({ outputDir: 'reports', stream, isTTY: false }).onRunEnd!(buildRunResult(runs));
    expect(text()).toContain(
      '  1) ✗ specs/repeat.yaml › flaky greeting [#3] (1.5s) tolerated: 4/5 runs passed, passRate 0.8, ' +
        'not a failure of the run\n',
    );
    expect(text()).toContain('Status: passed\n');
  });

  it("sends a terminal no escape sequence from names or the judge's reasoning, colours on or off", async () => {
    const conceal = `${ESC}[8m`;
    const failed = conversation({
      name: `looks fine ${conceal}`,
      file: 'specs/a.yaml',
      status: 'failed',
      assertions: [
        {
          matcher: 'judge',
          negated: false,
          status: 'failed',
          message: `judge says the criterion does not hold: The agent was curt.${conceal} So it does not hold.`,
          loc: { file: 'specs/a.yaml', line: 6, col: 13 },
        },
      ],
    });
    for (const env of [{}, { NO_COLOR: '1' }]) {
      const { stream, text } = textStream();
      const reporter = createListReporter({ outputDir: 'reports', stream, isTTY: true, env });
      await reporter.onRunStart!({ runId: 'r', startedAt: '2026-01-01T00:00:00Z', target: {} as never, total: 1 });
      await reporter.onConversationEnd!(failed);
      await reporter.onRunEnd!(buildRunResult([failed]));
      expect(text()).not.toContain(conceal);
      expect(text()).toContain('specs/a.yaml › looks fine \\u001b[8m');
      expect(text()).toContain('The agent was curt.\\u001b[8m So it does not hold.');
      if (!('NO_COLOR' in env)) expect(text()).toContain(`${ESC}[31m`); // its own colours stay
    }
    // Nothing to escape: no copy is made.
    const clean = buildRunResult([conversation({ name: 'fine\nline two', file: 'specs/a.yaml' })]);
    expect(withTextControlsEscaped(clean)).toBe(clean);
  });

  it('names the report files written, not one whose reporter failed as the run ended', async () => {
    const failed = buildRunResult([conversation({ name: 'ok', file: 'specs/a.yaml' })], {
      errors: [{ code: 'REPORTER_FAILED', message: 'html.onRunEnd: EISDIR: illegal operation on a directory' }],
    });
    const { stream, text } = textStream();
    const opts = { outputDir: '/w/out', cwd: '/w', stream, isTTY: false, reporters: ['list', 'json', 'html'] };
    await createListReporter(opts).onRunEnd!(failed);
    expect(text()).toMatch(/\nStatus: error\nReports: out\/results\.json\n$/);
  });
});
