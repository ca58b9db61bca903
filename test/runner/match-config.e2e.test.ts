// `match:` in the config applies to every conversation that does not choose for itself.
import * as path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readJson, runArgs, runCli, tempProject } from '../helpers/cli.js';

const SPEC = `conversations:
  - name: config decides
    turns:
      - event: WELCOME
        expect: [{ text: Welcome }]
  - name: conversation decides
    match: lenient
    turns:
      - event: WELCOME
        expect: [{ text: Welcome }]
`;

describe('config match: strict', () => {
  const projects: Array<Awaited<ReturnType<typeof tempProject>>> = [];
  afterAll(async () => {
    for (const p of projects) await p.cleanup();
  });

  it('makes a plain text string the whole reply, unless the conversation says lenient', async () => {
    const project = await tempProject({ 'cxas-eval.config.yaml': 'match: strict\n', 'a.yaml': SPEC });
    projects.push(project);
    const run = await runCli(runArgs({ specs: 'a.yaml' }), { cwd: project.dir });
    expect(run.code).toBe(1);
    const results = await readJson<{
      conversations: Array<{ name: string; status: string; turns: Array<{ assertions: Array<{ message: string }> }> }>;
    }>(path.join(project.dir, 'out/results.json'));
    const byName = Object.fromEntries(results.conversations.map((c) => [c.name, c]));
    expect(byName['conversation decides']!.status).toBe('passed');
    expect(byName['config decides']!.status).toBe('failed');
    expect(byName['config decides']!.turns[0]!.assertions[0]!.message).toBe(
      'expected text to equal "Welcome"; got: "Welcome to Cymbal support! Please enter your PIN followed by #."',
    );
  });
});
