import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createReporter } from '../../src/reporters/index.js';
import {
  escapeData,
  escapeProperty,
  githubAnnotations,
  githubSummary,
  summaryCell,
} from '../../src/reporters/github.js';
import { buildRunResult, conversation } from './fixture.js';
import { textStream } from '../helpers/text-stream.js';
import { tempDirs } from '../helpers/temp-dirs.js';

const tempDir = tempDirs('gh');

describe('github reporter', () => {
  it('does nothing outside GitHub Actions', async () => {
    const { stream, text } = textStream();
    const reporter = await createReporter('github', { outputDir: 'x', stream, env: {} });
    expect(reporter.onRunEnd).toBeUndefined();
    expect(text()).toBe('');
  });

  it('prints annotations and appends a job summary in GitHub Actions', async () => {
    const dir = tempDir('gh');
    const summaryFile = join(dir, 'summary.md');
    await writeFile(summaryFile, 'earlier step\n');
    const { stream, text } = textStream();
    await (
      await createReporter('github', {
        outputDir: dir,
        stream,
        env: { GITHUB_ACTIONS: 'true', GITHUB_STEP_SUMMARY: summaryFile },
      })
    ).onRunEnd!(buildRunResult());
    expect(text().trimEnd().split('\n')).toEqual([
      '::error file=specs/billing.yaml,line=21,col=11,title=specs/billing.yaml › refund flow::' +
        'expected text to contain "refund issued"; got "I cannot help with that."',
      '::error file=specs/billing.yaml,line=25,col=9,title=specs/billing.yaml › refund flow::' +
        'expected tools [refund_order] in order; got []',
      '::error file=specs/support/escalation.yaml,line=6,col=9,' +
        'title=specs/support/escalation.yaml › escalate to human::UNAVAILABLE: connection refused (127.0.0.1:50051)',
      '::error file=specs/repeat.yaml,line=8,col=11,title=specs/repeat.yaml › flaky greeting [#3]::' +
        'expected text to contain "Hello"; got "Hi."',
    ]);
    const md = await readFile(summaryFile, 'utf8');
    expect(md.startsWith('earlier step\n## cxas-eval: ❌ error\n')).toBe(true);
    expect(md).toContain('| 8 | 4 | 2 | 1 | 0 | 1 | 0 | 57.1% | 9.0s |');
    expect(md).toContain(
      '| ! | specs/support/escalation.yaml › escalate to human | UNAVAILABLE: connection refused (127.0.0.1:50051) |',
    );
  });

  it('names run errors (annotation and summary line) when no conversation failed, e.g. --fail-on-skipped', () => {
    const passed = conversation({ name: 'ok', file: 'specs/a.yaml', status: 'passed' });
    const skipped = conversation({ name: 'later', file: 'specs/a.yaml', status: 'skipped', skipReason: 'skip: x' });
    const result = buildRunResult([passed, skipped], { policy: { failOnSkipped: true } });
    expect(result.status).toBe('failed');
    const message = '--fail-on-skipped: 1 skipped conversation(s) and 0 skipped expectation(s) count as failures';
    expect(githubAnnotations(result)).toEqual([`::error title=cxas-eval run::FAIL_ON_SKIPPED: ${message}`]);
    const md = githubSummary(result);
    expect(md).toContain('## cxas-eval: ❌ failed\n');
    expect(md).toContain(`### Run errors\n\n- FAIL_ON_SKIPPED: ${message}\n`);
    // Escaped like every other annotation and summary text.
    const hostile = buildRunResult([passed], {
      errors: [{ code: 'REPORTER_FAILED', message: 'html: 100% <b>full</b>\n::error::fake | x' }],
    });
    expect(githubAnnotations(hostile)).toEqual([
      '::error title=cxas-eval run::REPORTER_FAILED: html: 100%25 <b>full</b>%0A::error::fake | x',
    ]);
    expect(githubSummary(hostile)).toContain(
      '- REPORTER_FAILED: html: 100% &lt;b&gt;full&lt;/b&gt; ::error::fake \\| x\n',
    );
  });

  it('counts interrupted conversations in their own column and annotates each, as JUnit errors them', () => {
    const done = conversation({ name: 'done', file: 'specs/a.yaml', status: 'passed' });
    const cut = conversation({
      name: 'cut',
      file: 'specs/a.yaml',
      status: 'interrupted',
      error: { code: 'INTERRUPTED', message: 'stopped by SIGTERM before it finished' },
    });
    const result = buildRunResult([done, cut], { interrupted: true });
    expect(githubAnnotations(result)).toEqual([
      '::error file=specs/a.yaml,line=3,col=5,title=specs/a.yaml › cut::' +
        'interrupted before it finished: stopped by SIGTERM before it finished',
      '::error title=cxas-eval run::INTERRUPTED: the run was interrupted: 1 conversation run(s) did not finish',
    ]);
    const md = githubSummary(result);
    expect(md).toContain(
      '| Runs | Passed | Failed | Error | Tolerated | Skipped | Interrupted | Pass rate | Duration |',
    );
    // The rate is over the one run that finished, as compare and repeats[] count: not 1 of 2.
    expect(md).toContain('| 2 | 1 | 0 | 0 | 0 | 0 | 1 | 100.0% | 9.0s |');
    expect(md).toContain('- INTERRUPTED: the run was interrupted: 1 conversation run(s) did not finish\n');
  });

  it('annotates a failure inside a reusable step at the step, naming the use in the message', () => {
    const use = { step: 'login', loc: { file: 'specs/a.yaml', line: 8, col: 14 } };
    const failed = conversation({
      name: 'pin',
      file: 'specs/a.yaml',
      status: 'failed',
      assertions: [
        {
          matcher: 'text',
          negated: false,
          status: 'failed',
          message: 'expected text to contain "x"',
          loc: { file: 'specs/shared/auth.yaml', line: 6, col: 11, via: use },
        },
      ],
    });
    expect(githubAnnotations(buildRunResult([failed]))).toEqual([
      '::error file=specs/shared/auth.yaml,line=6,col=11,title=specs/a.yaml › pin::' +
        'expected text to contain "x" (in step "login" used at specs/a.yaml:8:14)',
    ]);
  });

  it('escapes workflow-command data and properties, and neutralises markup in the summary', async () => {
    expect(escapeData('50%\r\ndone')).toBe('50%25%0D%0Adone');
    expect(escapeProperty('a:b,c\n')).toBe('a%3Ab%2Cc%0A');
    const bad = conversation({
      name: 'x, y: z',
      file: 'specs/a,b.yaml',
      status: 'error',
      error: { code: 'E', message: 'line1\nline2 100%' },
    });
    expect(githubAnnotations(buildRunResult([bad]))).toEqual([
      '::error file=specs/a%2Cb.yaml,line=3,col=5,title=specs/a%2Cb.yaml › x%2C y%3A z::E: line1%0Aline2 100%25',
    ]);
    const dir = tempDir('gh');
    const summaryFile = join(dir, 's.md');
    const evil = conversation({ name: '<img src=x onerror=alert(1)> | pipe', file: 'f.yaml', status: 'failed' });
    await (
      await createReporter('github', {
        outputDir: dir,
        stream: textStream().stream,
        env: { GITHUB_ACTIONS: 'true', GITHUB_STEP_SUMMARY: summaryFile },
      })
    ).onRunEnd!(buildRunResult([evil]));
    expect(await readFile(summaryFile, 'utf8')).toContain(
      '| ✗ | f.yaml › &lt;img src=x onerror=alert(1)&gt; \\| pipe | failed |',
    );
  });

  it('keeps a summary row on one line whatever breaks the text holds: CR alone, CRLF, LF, U+2028, U+2029', () => {
    expect(summaryCell('a\rb\r\nc\nd\u2028e\u2029f')).toBe('a b c d e f');
    const failed = conversation({
      name: 'refund\r| forged | row |',
      file: 'specs/a.yaml',
      status: 'error',
      error: { code: 'E', message: 'one\r## Heading from a message\u2028two' },
    });
    const md = githubSummary(buildRunResult([failed]));
    const rows = md.split(/\r\n|\r|\n/).filter((l) => l.includes('refund'));
    expect(rows).toEqual([
      '| ! | specs/a.yaml › refund \\| forged \\| row \\| | E: one ## Heading from a message two |',
    ]);
  });

  it('writes what an agent said or a spec named as text, not Markdown: no image, link, emphasis or list', () => {
    const reply = '![pwn](https://example.com/pixel.png) [Approve release](https://evil.example/login)';
    expect(summaryCell(reply)).toBe(
      '!\\[pwn\\](https://example.com/pixel.png) \\[Approve release\\](https://evil.example/login)',
    );
    expect(summaryCell('*bold* _em_ ~~gone~~ `code` $x^2$ a\\b')).toBe(
      '\\*bold\\* \\_em\\_ \\~\\~gone\\~\\~ \\`code\\` \\$x^2\\$ a\\\\b',
    );
    // A marker that would start a heading or a nested list (a run error is a list item).
    expect(['# big', '- nested', '+ x', '1. one', '2) two'].map(summaryCell)).toEqual([
      '\\# big',
      '\\- nested',
      '\\+ x',
      '1\\. one',
      '2\\) two',
    ]);
    // `_` inside a word marks nothing: codes stay as written.
    expect(summaryCell('FAIL_ON_SKIPPED')).toBe('FAIL_ON_SKIPPED');
    const failed = conversation({
      name: 'n [n](https://evil.example)',
      file: 'specs/a.yaml',
      status: 'error',
      error: { code: 'E', message: reply },
    });
    const result = buildRunResult([failed], { errors: [{ code: 'REPORTER_FAILED', message: '# [x](y)' }] });
    const md = githubSummary(result);
    expect(md).toContain(
      '| ! | specs/a.yaml › n \\[n\\](https://evil.example) | E: !\\[pwn\\](https://example.com/pixel.png) ' +
        '\\[Approve release\\](https://evil.example/login) |',
    );
    expect(md).toContain('- REPORTER_FAILED: # \\[x\\](y)\n');
    expect(md).not.toMatch(/[^\\]\[(?:pwn|Approve|n|x)\]/);
  });

  it('a run its passRate tolerated is a notice and no row of the Failures table; all skipped is ✅ (exit 0)', () => {
    // passRate 0.8 (the fixture's for this conversation), 4 of 5 runs passed: the run passes.
    const runs = [0, 1, 2, 3, 4].map((runIndex) =>
      conversation({
        name: 'flaky greeting',
        file: 'specs/repeat.yaml',
        repeat: 5,
        runIndex,
        status: runIndex === 2 ? 'failed' : 'passed',
        ...(runIndex === 2 && {
          assertions: [
            {
              matcher: 'text',
              negated: false,
              status: 'failed' as const,
              message: 'expected text to contain "Hello"',
              loc: { file: 'specs/repeat.yaml', line: 8, col: 11 },
            },
          ],
        }),
      }),
    );
    const result = buildRunResult(runs);
    expect([result.status, result.summary.tolerated]).toEqual(['passed', 1]);
    expect(githubAnnotations(result)).toEqual([
      '::notice file=specs/repeat.yaml,line=8,col=11,title=specs/repeat.yaml › flaky greeting [#3]::' +
        'expected text to contain "Hello" (tolerated: 4/5 runs passed, passRate 0.8)',
    ]);
    const md = githubSummary(result);
    expect(md).toContain('## cxas-eval: ✅ passed\n');
    expect(md).not.toContain('### Failures');
    expect(md).toContain(
      '### Tolerated (passRate met, not failures)\n\n| | Conversation | Message |\n| --- | --- | --- |\n' +
        '| ✗ | specs/repeat.yaml › flaky greeting \\[#3\\] | expected text to contain "Hello" ' +
        '(specs/repeat.yaml:8:11); tolerated: 4/5 runs passed, passRate 0.8 |\n',
    );
    const skipped = conversation({ name: 'judged', file: 'specs/a.yaml', status: 'skipped', skipReason: 'no judge' });
    expect(githubSummary(buildRunResult([skipped]))).toContain('## cxas-eval: ✅ skipped\n');
  });
});
