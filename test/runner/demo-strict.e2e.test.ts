// The demo suite is written strict (specs/demo/support.yaml): each deliberate behaviour change
// to the demo app (an added argument, a duplicated tool call, a changed welcome sentence) must
// fail it, at the assertion that names the change. Real CLI, real emulator served in-process.
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_FILES_CONFIG, ROOT, readJson, runCli, tempProject } from '../helpers/cli.js';
import { joinRegex } from '../helpers/regex.js';

interface Assertion {
  status: string;
  matcher: string;
  message: string;
}
interface Results {
  conversations: Array<{
    name: string;
    status: string;
    assertions: Assertion[];
    turns: Array<{ assertions: Assertion[] }>;
  }>;
}

const APP = readFileSync(path.join(ROOT, 'specs/demo/app.yaml'), 'utf8');
const SUITE = path.join(ROOT, 'specs/demo/support.yaml');

/** Replaces `from` once, failing loudly if the demo app no longer contains it. */
function mutate(from: string, to: string): string {
  if (!APP.includes(from)) throw new Error(`the demo app no longer contains ${JSON.stringify(from)}: update this test`);
  return APP.replace(from, to).replace(/^transcriptsFile: .*$/m, '');
}

const ARGS = '              args: { account_id: "${vars.account_id}" }\n              onError:';
const SAY_BALANCE = '          - say: "Your balance is';
const MUTANTS: Record<string, string> = {
  original: APP.replace(/^transcriptsFile: .*$/m, ''),
  'an added argument': mutate(
    ARGS,
    ARGS.replace('account_id: "${vars.account_id}"', 'account_id: "${vars.account_id}", include_history: true'),
  ),
  'a duplicated tool call': mutate(
    SAY_BALANCE,
    `          - call: { tool: lookup_account, args: { account_id: "\${vars.account_id}" } }\n${SAY_BALANCE}`,
  ),
  'a changed welcome sentence': mutate(
    'say: "Welcome to Cymbal support! Please enter your PIN followed by #."',
    'say: "Welcome to Cymbal! Please enter your PIN followed by #."',
  ),
};

/** `conversation name: failed assertion message` for every failed assertion. */
function failures(results: Results): string[] {
  return results.conversations.flatMap((c) =>
    [...c.turns.flatMap((t) => t.assertions), ...c.assertions]
      .filter((a) => a.status !== 'passed' && a.status !== 'skipped')
      .map((a) => `${c.name}: ${a.matcher}: ${a.message}`),
  );
}

describe('the strict demo suite catches behaviour changes', () => {
  let project: Awaited<ReturnType<typeof tempProject>>;
  const outcomes = new Map<string, { code: number | null; failures: string[] }>();

  beforeAll(async () => {
    project = await tempProject({
      ...Object.fromEntries(Object.entries(MUTANTS).map(([name, text]) => [`${name.replace(/ /g, '-')}.yaml`, text])),
      'cxas-eval.config.yaml': DEMO_FILES_CONFIG,
    });
    // One at a time: four CLI processes at once would compete for the two cores with other tests.
    for (const name of Object.keys(MUTANTS)) {
      const slug = name.replace(/ /g, '-');
      const out = path.join(project.dir, `out-${slug}`);
      const run = await runCli(
        [
          'run',
          SUITE,
          '--emulator',
          path.join(project.dir, `${slug}.yaml`),
          '--no-judge',
          '--reporter',
          'json',
          '--output-dir',
          out,
        ],
        { cwd: project.dir },
      );
      outcomes.set(name, {
        code: run.code,
        failures: failures(await readJson<Results>(path.join(out, 'results.json'))),
      });
    }
  }, 120_000);
  afterAll(() => project?.cleanup());

  it('passes against the original app', () => {
    expect(outcomes.get('original')).toEqual({ code: 0, failures: [] });
  });

  it('fails on an added argument', () => {
    const { code, failures: found } = outcomes.get('an added argument')!;
    expect(code).toBe(1);
    expect(found).toContainEqual(
      expect.stringMatching(
        joinRegex(
          /^welcome and PIN authentication: toolCall: /,
          /expected tool lookup_account with exactly args \{account_id: "ACC-1001"\}.*include_history/,
        ),
      ),
    );
  });

  it('fails on a duplicated tool call', () => {
    const { code, failures: found } = outcomes.get('a duplicated tool call')!;
    expect(code).toBe(1);
    expect(found).toContainEqual(
      expect.stringMatching(
        joinRegex(
          /^welcome and PIN authentication: toolCall: /,
          /.*lookup_account called exactly 1 time as listed \(match: strict\); .*\(2 matching\)$/,
        ),
      ),
    );
    expect(found).toContainEqual(expect.stringMatching(/^welcome and PIN authentication: toolSequence: /));
  });

  it('fails on a changed welcome sentence', () => {
    const { code, failures: found } = outcomes.get('a changed welcome sentence')!;
    expect(code).toBe(1);
    expect(found).toContainEqual(
      'welcome and PIN authentication: text: ' +
        'expected text to equal "Welcome to Cymbal support! Please enter your PIN followed by #."; ' +
        'got: "Welcome to Cymbal! Please enter your PIN followed by #."',
    );
    expect(found.filter((f) => f.startsWith('greeting is stable across runs: text:'))).toHaveLength(3);
  });
});
