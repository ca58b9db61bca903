// In GitHub Actions every stdout line starting with `::` is a workflow command. Names and messages from
// specs and agents must never start one: only the github reporter's own escaped annotations may.
import { describe, expect, it } from 'vitest';
import { createReporter } from '../../src/reporters/index.js';
import type { RunResult } from '../../src/model/result.js';
import { buildRunResult, conversation } from './fixture.js';
import { textStream } from '../helpers/text-stream.js';

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
});
