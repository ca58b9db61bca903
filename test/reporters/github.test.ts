import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createReporter } from '../../src/reporters/index.js';
import { escapeData, escapeProperty, githubAnnotations } from '../../src/reporters/github.js';
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
    expect(md).toContain('| 8 | 4 | 2 | 1 | 0 | 1 | 57.1% | 9.0s |');
    expect(md).toContain(
      '| ! | specs/support/escalation.yaml › escalate to human | UNAVAILABLE: connection refused (127.0.0.1:50051) |',
    );
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
});
