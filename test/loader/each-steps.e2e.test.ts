// `each:` rows from a CSV file and a step from an included fragment, end to end: the built CLI runs
// them against the bundled emulator (one result per row and repeat, the row in its name, goldens per
// row, failures located at the step's definition and its use), --list/--grep select rows, validate
// points at the row and the use; platform push makes one evaluation per row; convert writes the rows
// out as ordinary conversations (issue 31 points 1 and 2).
import { existsSync, readdirSync } from 'node:fs';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator } from '../../src/emulator/index.js';
import { PlatformClient, pushSpecs } from '../../src/platform/index.js';
import { convertFile } from '../../src/runner/index.js';
import { loadSpecs } from '../../src/runner/load/index.js';
import { loadRunResult } from '../../src/reporters/index.js';
import { DEMO_APP, runArgs, runCli, tempProject } from '../helpers/cli.js';

const APP = 'projects/demo/locations/us/apps/cymbal-support';
const BOOKING = `app: ${APP}
include: [shared/auth.yaml]
conversations:
  - name: pin check
    repeat: 2
    each: data/pins.csv
    turns:
      - use: login
        with: { pin: "\${each.pin}", reply: "\${each.reply}" }
`;
const AUTH = `steps:
  login:
    - event: WELCOME
    - dtmf: "\${with.pin}"
      expect:
        - text: { contains: "\${with.reply}" }
`;
const PINS = 'pin,reply\n1234#,verified\n9999#,not valid\n0000#,nope\n';

let project: Awaited<ReturnType<typeof tempProject>>;
beforeAll(async () => {
  project = await tempProject({
    'specs/booking.yaml': BOOKING,
    'specs/shared/auth.yaml': AUTH,
    'specs/data/pins.csv': PINS,
  });
});
afterAll(() => project.cleanup());

describe('each: rows and steps through the CLI', () => {
  it('a result per row and repeat, the row in its name; a golden per row; failures at use and step', async () => {
    const r = await runCli(runArgs({ reporter: 'list,json' }, '--no-judge', '--update-goldens'), { cwd: project.dir });
    expect(r.code).toBe(1);
    // loadRunResult validates against schemas/report.schema.json: a location's `via` is part of it.
    const result = await loadRunResult(path.join(project.dir, 'out/results.json'));
    const byName = result.conversations.map((c) => `${c.name} #${c.runIndex} ${c.status}`);
    expect(byName).toEqual([
      'pin check [pin=1234#, reply=verified] #0 passed',
      'pin check [pin=1234#, reply=verified] #1 passed',
      'pin check [pin=9999#, reply=not valid] #0 passed',
      'pin check [pin=9999#, reply=not valid] #1 passed',
      'pin check [pin=0000#, reply=nope] #0 failed',
      'pin check [pin=0000#, reply=nope] #1 failed',
    ]);
    const failed = result.conversations.find((c) => c.status === 'failed')!;
    const use = { step: 'login', loc: { file: 'specs/booking.yaml', line: 8, col: 14 } };
    expect(failed.turns[1]!.assertions[0]!.loc).toEqual({ file: 'specs/shared/auth.yaml', line: 6, col: 11, via: use });
    expect(r.stdout).toContain('at specs/shared/auth.yaml:6:11 (in step "login" used at specs/booking.yaml:8:14)');
    const goldens = readdirSync(path.join(project.dir, 'goldens/specs/booking')).sort();
    expect(goldens).toEqual([
      'pin-check-pin-0000-reply-nope.yaml',
      'pin-check-pin-1234-reply-verified.yaml',
      'pin-check-pin-9999-reply-not-valid.yaml',
    ]);
  }, 60_000);

  it('--list and --grep select rows by their names', async () => {
    const r = await runCli(['run', 'specs', '--list', '--grep', 'reply=not valid'], { cwd: project.dir });
    expect(r.stdout).toBe(
      '  specs/booking.yaml:4:5 › pin check [pin=9999#, reply=not valid] ×2\n1 conversation (2 runs) in 1 file\n',
    );
    expect(r.code).toBe(0);
  }, 30_000);

  it('validate points at the CSV line of a row and at the use of a step with its definition', async () => {
    await project.write('broken/booking.yaml', BOOKING.replace(/^app: .*\n/, '').replace('reply: ', 'rply: '));
    await project.write('broken/shared/auth.yaml', AUTH);
    await project.write('broken/data/pins.csv', 'pin,reply\n1234#,verified\n9999#\n');
    const r = await runCli(['validate', 'broken'], { cwd: project.dir });
    expect(r.stderr).toBe(
      [
        'broken/booking.yaml:7:14 conversations[0].turns[0].use: step "login" ' +
          '(defined at broken/shared/auth.yaml:2:3) needs with: reply',
        'broken/booking.yaml:8:37 conversations[0].turns[0].with.rply: step "login" ' +
          '(defined at broken/shared/auth.yaml:2:3) has no parameter "rply"; did you mean "reply"?',
        'broken/data/pins.csv:3:1: Invalid Record Length: columns length is 2, got 1 on line 3',
        '3 errors in 2 files',
        '',
      ].join('\n'),
    );
    expect(r.code).toBe(2);
  }, 30_000);
});

describe('each: rows on the platform and in convert', () => {
  it('platform push makes one evaluation per row', async () => {
    const emulator = await startEmulator({ app: DEMO_APP, evaluationRuns: {} });
    const client = new PlatformClient({ app: APP, endpoint: emulator.address, insecure: true });
    try {
      const { files, errors } = await loadSpecs(['specs'], { cwd: project.dir });
      expect(errors).toEqual([]);
      const report = await pushSpecs(files, client);
      expect(report.entries.map((e) => [e.action, e.title])).toEqual([
        ['create', 'specs/booking.yaml › pin check [pin=1234#, reply=verified]'],
        ['create', 'specs/booking.yaml › pin check [pin=9999#, reply=not valid]'],
        ['create', 'specs/booking.yaml › pin check [pin=0000#, reply=nope]'],
      ]);
      const listed = await client.call('EvaluationService', 'ListEvaluations', { parent: APP }, 'parent');
      expect((listed['evaluations'] as unknown[]).length).toBe(3);
    } finally {
      client.close();
      await emulator.stop();
    }
  }, 30_000);

  it('convert writes each row as an ordinary conversation, the step expanded', async () => {
    const { text, errors, conversations } = await convertFile('specs/booking.yaml', { cwd: project.dir });
    expect(errors).toEqual([]);
    expect(conversations).toBe(3);
    expect(text).toContain('- name: pin check [pin=9999#, reply=not valid]');
    expect(text).toContain('dtmf: 9999#');
    expect(text).not.toContain('${');
    expect(text).not.toContain('use:');
    expect(existsSync(path.join(project.dir, 'specs/data/pins.csv'))).toBe(true);
  });
});
