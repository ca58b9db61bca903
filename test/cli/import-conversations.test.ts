// `cxas-eval import conversations` through the built CLI against the emulator over loopback gRPC:
// a suite runs against it, what it served is imported (as lenient specs, and as strict specs with
// goldens), and the imported files pass against the same app. Duplicates are written once, each
// file names its source, --filter selects, and redaction masks before anything is written.
import { readdir, readFile } from 'node:fs/promises';
import * as path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startEmulator } from '../../src/emulator/index.js';
import type { RunResult } from '../../src/model/result.js';
import { DEMO_APP, readJson, runCli, tempProject } from '../helpers/cli.js';

const SUITE = `
conversations:
  - name: verified balance and billing
    turns:
      - event: WELCOME
      - dtmf: "1234#"
      - user: what is my balance
        expect: [{ text: { contains: "42.5" } }]
      - user: I need help with billing
      - user: bye
  - name: session variables and a ticket
    variables: { authenticated: true, account_id: ACC-2002 }
    toolFakes: [{ tool: open_ticket, respond: { ticket_id: T-42 } }]
    turns:
      - user: what is my balance
      - user: open a ticket please
        expect: [{ text: Ticket T-42 is open. }]
      - user: show me the premium plan
  - name: the same inputs twice
    repeat: 2
    turns:
      - user: hello there
`;

describe('import conversations', async () => {
  const project = await tempProject({ 'suite.yaml': SUITE, 'redact.yaml': 'redact: ["T-\\\\d+"]\n' });
  const emulator = await startEmulator({ app: DEMO_APP });
  afterAll(async () => {
    await emulator.stop();
    await project.cleanup();
  });
  const target = ['--app', emulator.appName, '--endpoint', emulator.address, '--insecure'];
  const cli = (args: string[]) => runCli(args, { cwd: project.dir });

  it('imports what a suite did; the imported specs and goldens pass against the same app', async () => {
    const suite = await cli(['run', 'suite.yaml', ...target, '--reporter', 'json', '--output-dir', 'out0']);
    expect(suite.code).toBe(0);

    const [specs, goldens, redacted, latest] = await Promise.all([
      cli(['import', 'conversations', ...target, '--since', '2000-01-01', '-o', 'imported']),
      cli(['import', 'conversations', ...target, '--as', 'goldens', '--strict', '-o', 'imported-goldens']),
      cli(['import', 'conversations', ...target, '-c', 'redact.yaml', '--filter', 'PREMIUM', '-o', 'redacted']),
      cli(['import', 'conversations', ...target, '--until', '2999-01-01', '--limit', '1', '-o', 'latest']),
    ]);
    expect(latest.stdout).toBe('imported 1 of 4 conversations to latest: 1 written\n');
    expect(specs.stdout).toBe('imported 4 conversations to imported: 3 written, 1 with the same inputs as another\n');
    expect(goldens.code).toBe(0);
    expect(redacted.stdout).toBe('imported 4 conversations to redacted: 1 written, 3 not matching --filter\n');

    const files = await readdir(path.join(project.dir, 'imported'));
    expect(files).toHaveLength(3);
    const texts = await Promise.all(files.map((f) => readFile(path.join(project.dir, 'imported', f), 'utf8')));
    for (const text of texts) {
      expect(text).toContain(
        `# Imported by \`cxas-eval import conversations\` from ${emulator.appName}/conversations/`,
      );
      expect(text).toContain('    match: lenient\n');
    }
    const ticket = texts.find((t) => t.includes('open a ticket please'))!;
    expect(ticket).toContain('    variables:\n      authenticated: true\n      account_id: ACC-2002\n');
    expect(ticket).toMatch(/ {6}- \{tool: open_ticket, whenArgs: \{.*\}, respond: \{ticket_id: T-42\}\} # generated\n/);
    expect(texts.find((t) => t.includes('hello there'))).toMatch(/# The same inputs also in 1 more: projects\//);
    const masked = await readdir(path.join(project.dir, 'redacted'));
    const maskedText = await readFile(path.join(project.dir, 'redacted', masked[0]!), 'utf8');
    expect(maskedText).toContain('Ticket [REDACTED] is open.');
    expect(maskedText).not.toMatch(/T-42/);

    const run = await cli(['run', 'imported', 'imported-goldens', '--emulator', DEMO_APP, '--reporter', 'json']);
    const result = await readJson<RunResult>(path.join(project.dir, 'reports/results.json'));
    expect(result.conversations.map((c) => [c.file.split('/')[0], c.status])).toEqual(
      expect.arrayContaining([
        ['imported', 'passed'],
        ['imported-goldens', 'passed'],
      ]),
    );
    expect(result.conversations.map((c) => c.status)).toEqual(Array(6).fill('passed'));
    expect(result.conversations.filter((c) => c.golden?.status === 'matched')).toHaveLength(3);
    expect(run.code).toBe(0);
  });

  it('--limit keeps the most recent of what --filter keeps, not the most recent before filtering', async () => {
    const since = new Date().toISOString();
    await project.write(
      'premium.yaml',
      'conversations:\n  - name: premium\n    turns: [{ user: show me the premium plan }]\n',
    );
    await project.write('later.yaml', 'conversations:\n  - name: later\n    turns: [{ user: hello again }]\n');
    // Two runs, one after the other: the newest conversation does not mention the premium plan.
    for (const spec of ['premium.yaml', 'later.yaml'])
      expect((await cli(['run', spec, ...target, '--reporter', 'json', '--output-dir', 'out-limit'])).code).toBe(0);
    const selection = ['--since', since, '--filter', 'PREMIUM', '--limit', '1'];
    const r = await cli(['import', 'conversations', ...target, ...selection, '-o', 'premium']);
    expect(r.stdout).toBe('imported 2 conversations to premium: 1 written, 1 not matching --filter\n');
    const files = await readdir(path.join(project.dir, 'premium'));
    expect(files).toHaveLength(1);
    expect(await readFile(path.join(project.dir, 'premium', files[0]!), 'utf8')).toContain('show me the premium plan');
  });
});
