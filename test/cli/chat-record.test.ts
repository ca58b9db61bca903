// `chat --record` and `/save` through the built CLI with piped stdin against the bundled demo
// emulator: the session is appended to an existing spec file without touching its text, with
// expectations generated from what happened (`match: strict`, `# generated`), and running the file
// against the same app passes, while an app that answers differently fails it.
import { readFile } from 'node:fs/promises';
import * as path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { RunResult } from '../../src/model/result.js';
import { DEMO_APP, readJson, runCli, tempProject } from '../helpers/cli.js';

const EXISTING = [
  '# Hand-written: keep me exactly as I am.',
  'conversations:',
  '  - name: welcome   # the greeting',
  '    turns:',
  '      - event: WELCOME',
  "        expect: [{ text: { contains: 'Welcome' } }]",
  '',
].join('\n');

const SESSION = [
  '/event WELCOME',
  '/dtmf 1234#',
  'what is my balance',
  'open a ticket, internet down',
  '{"ticket_id": "T-77"}',
  '/save ticket flow',
  'show me the premium plan',
  'I need help with billing',
  'back to support',
  'bye',
];

describe('chat --record', async () => {
  const project = await tempProject({ 'specs/recorded.yaml': EXISTING });
  afterAll(() => project.cleanup());
  const file = path.join(project.dir, 'specs/recorded.yaml');

  it('appends strict conversations that pass against the same app and fail against another', async () => {
    const chat = await runCli(['chat', '--format', 'plain', '--record', 'specs/recorded.yaml'], {
      cwd: project.dir,
      env: { CXAS_APP: '' },
      input: `${SESSION.join('\n')}\n`,
    });
    expect(chat.stderr).toBe('');
    expect(chat.stdout).toContain('recording to specs/recorded.yaml\n');
    expect(chat.stdout).toContain('saved "ticket flow" (4 turns, 7 expectations) to specs/recorded.yaml\n');
    expect(chat.stdout).toMatch(/saved "chat \d{4}-\d\d-\d\d \d\d:\d\d:\d\d" \(8 turns, 15 expectations\)/);
    const text = await readFile(file, 'utf8');
    expect(text.startsWith(EXISTING)).toBe(true);
    for (const line of [
      '  - name: ticket flow\n    match: strict\n',
      '      - {tool: open_ticket, whenArgs: {priority: high, summary: "open a ticket, internet down"}, ' +
        'respond: {ticket_id: T-77}} # generated\n',
      '          - variables: {values: {authenticated: true, pin: 1234#}} # generated\n',
      '          - toolCall: {name: lookup_account, args: {account_id: ACC-1001}} # generated\n',
      '          - transfer: billing_agent # generated\n',
      '          - sessionEnded: {metadata: {reason: user_goodbye}} # generated\n',
    ])
      expect(text).toContain(line);

    // The demo app with one sentence changed (and without its transcripts file, which text does not need).
    const demo = await readFile(DEMO_APP, 'utf8');
    const changedApp = demo.replace('say: "Your balance is', 'say: "Balance:').replace(/^transcriptsFile:.*$/m, '');
    expect(changedApp).not.toBe(demo);
    await project.write('changed-app.yaml', changedApp);
    const [same, changed] = await Promise.all(
      [DEMO_APP, path.join(project.dir, 'changed-app.yaml')].map((app, i) =>
        runCli(['run', 'specs', '--emulator', app, '--reporter', 'json', '--output-dir', `out${i}`], {
          cwd: project.dir,
        }),
      ),
    );
    expect(same?.code).toBe(0);
    const passed = await readJson<RunResult>(path.join(project.dir, 'out0/results.json'));
    expect(passed.conversations.map((c) => [c.name, c.status])).toEqual([
      ['welcome', 'passed'],
      ['ticket flow', 'passed'],
      [expect.stringMatching(/^chat /), 'passed'],
    ]);
    expect(changed?.code).toBe(1);
    const failed = await readJson<RunResult>(path.join(project.dir, 'out1/results.json'));
    expect(failed.conversations.map((c) => c.status)).toEqual(['passed', 'failed', 'failed']);
  });
});

describe('chat --record into a file with defaults:', async () => {
  const withDefaults = [
    'defaults:',
    '  useToolFakes: true',
    '  modality: audio',
    '  variables: { customer_tier: gold }',
    'conversations:',
    '  - name: welcome',
    '    modality: text',
    '    turns:',
    '      - event: WELCOME',
    '',
  ].join('\n');
  const project = await tempProject({ 'specs/defaults.yaml': withDefaults });
  afterAll(() => project.cleanup());

  it('writes what the defaults would change on the recording, and says what no key can undo', async () => {
    const chat = await runCli(['chat', '--format', 'plain', '--record', 'specs/defaults.yaml'], {
      cwd: project.dir,
      env: { CXAS_APP: '' },
      input: '/dtmf 1234#\nWhat is my balance?\nopen a ticket\n{"ticket_id":"T-77"}\n/quit\n',
    });
    expect(chat.stdout).toContain(
      'specs/defaults.yaml:4:3 defaults.variables applies to the recorded conversation too and sends session ' +
        'variables the chat did not',
    );
    const text = await readFile(path.join(project.dir, 'specs/defaults.yaml'), 'utf8');
    expect(text.startsWith(withDefaults)).toBe(true);
    expect(text).toMatch(/ {4}match: strict\n {4}useToolFakes: false\n {4}modality: text\n/);
    const run = await runCli(['run', 'specs', '--emulator', DEMO_APP, '--reporter', 'json', '--output-dir', 'out'], {
      cwd: project.dir,
    });
    expect(run.code, run.stdout).toBe(0);
    const result = await readJson<RunResult>(path.join(project.dir, 'out/results.json'));
    expect(result.conversations.map((c) => c.status)).toEqual(['passed', 'passed']);
  });
});

describe('chat --record with redact:', async () => {
  const project = await tempProject({ 'cxas-eval.config.yaml': 'redact: ["SEKRIT-\\\\d+"]\n' });
  afterAll(() => project.cleanup());

  it('masks the recording as import conversations does', async () => {
    const chat = await runCli(['chat', '--format', 'plain', '--record', 'specs/rec.yaml'], {
      cwd: project.dir,
      env: { CXAS_APP: '' },
      input: 'my card is SEKRIT-42\nopen a ticket SEKRIT-43\n{"ticket_id":"SEKRIT-44"}\n/quit\n',
    });
    expect(chat.stdout).toContain('saved "chat ');
    const text = await readFile(path.join(project.dir, 'specs/rec.yaml'), 'utf8');
    expect(text).not.toContain('SEKRIT-4');
    expect(text).toContain('user: my card is [REDACTED]');
    expect(text).toContain(
      'toolCall: {name: open_ticket, args: {priority: high, summary: "open a ticket [REDACTED]"}}',
    );
  });
});

describe('chat --record with a file from outside the project', async () => {
  const project = await tempProject({ 'app/inside.txt': 'in the project', 'cxas-eval.config.yaml': '{}\n' });
  const outside = await tempProject({ 'outside.txt': 'elsewhere' });
  afterAll(async () => {
    await project.cleanup();
    await outside.cleanup();
  });

  it('warns at the turn that the recorded spec cannot send it; a file inside is recorded without a word', async () => {
    const far = path.join(outside.dir, 'outside.txt');
    const chat = await runCli(['chat', '--format', 'plain', '--record', 'specs/rec.yaml'], {
      cwd: project.dir,
      env: { CXAS_APP: '' },
      input: `/blob app/inside.txt text/plain\n/blob ${far} text/plain\n/quit\n`,
    });
    const warnings = chat.stderr.split('\n').filter((l) => l.startsWith('warning:'));
    expect(warnings).toEqual([
      `warning: ${far}: the path leads outside the project (.); spec paths stay inside it unless the config ` +
        'lists more folders in files.allowRoots: the recorded spec will not run this turn until the file is ' +
        'copied into the project',
    ]);
    const validate = await runCli(['validate', 'specs/rec.yaml'], { cwd: project.dir });
    expect(validate.stdout + validate.stderr).toMatch(/turns\[1\]\.blob\.file: the path leads outside the project/);
  });
});
