// `run --replay` through the built CLI: the demo suite replayed from its recording (its voice
// conversation's audio turns included: recognised transcript and WAVs) gives the same turn results
// and verdicts without the emulator; an edited turn is an error naming the turn and what differed
// (variables added to a later turn at once, not at the recording's last turn); a recorded WAV that is
// gone is an error, never invented audio.
import { cp, readFile, rm } from 'node:fs/promises';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunResult } from '../../src/model/result.js';
import { readJson, ROOT, runArgs, runCli, tempProject } from '../helpers/cli.js';

/** The second turn of "transfer to billing and back" (the first "what is my balance" after a transfer). */
const BALANCE_IN_BILLING =
  '      - user: I want to talk to a human\n        expect:\n          - transfer: billing_agent\n' +
  '          - text: Billing team here. How can I help with your bill?\n      - user: what is my balance';

describe('run --replay', () => {
  let project: Awaited<ReturnType<typeof tempProject>>;
  beforeAll(async () => {
    project = await tempProject({});
    await cp(path.join(ROOT, 'specs/demo/support.yaml'), path.join(project.dir, 'specs/support.yaml'));
    await cp(path.join(ROOT, 'specs/demo/fixtures'), path.join(project.dir, 'specs/fixtures'), { recursive: true });
    // The voice conversation: its audio turns replay their recorded transcript and WAVs too.
    await cp(path.join(ROOT, 'specs/demo/voice.yaml'), path.join(project.dir, 'specs/voice.yaml'));
    await cp(path.join(ROOT, 'specs/demo/audio'), path.join(project.dir, 'specs/audio'), { recursive: true });
  });
  afterAll(() => project.cleanup());

  it('reproduces the recorded turn results and verdicts, and names the turn whose input changed', async () => {
    const recorded = await runCli(runArgs({}, '--no-judge'), { cwd: project.dir });
    expect(recorded.code, recorded.stderr).toBe(0);
    const before = await readJson<RunResult>(path.join(project.dir, 'out/results.json'));

    // No --emulator: the replay alone answers.
    const replay = ['run', 'specs', '--replay', '@latest', '--no-judge', '--reporter', 'json', '--output-dir', 'again'];
    const replayed = await runCli(replay, { cwd: project.dir });
    expect(replayed.code, replayed.stderr).toBe(0);
    const after = await readJson<RunResult>(path.join(project.dir, 'again/results.json'));
    expect(after.replayedFrom?.runId).toBe(before.runId);
    // No live app to list: coverage says why instead of figures.
    expect(after.coverage).toMatchObject({ unavailable: 'a replayed run has no live app to list the inventory of' });
    const turnsOf = (r: RunResult) =>
      new Map(r.conversations.map((c) => [c.id, { status: c.status, turns: c.turns.map((t) => t.result) }]));
    expect(turnsOf(after)).toEqual(turnsOf(before));
    const voice = after.conversations.find((c) => c.name === 'voice balance, transfer and goodbye')!;
    expect(voice.status).toBe('passed');
    const spoken = voice.turns[0]!.result!;
    expect(spoken.recognizedTranscript).toBe('what is my balance');
    expect(spoken.audio!.agentBytes).toBeGreaterThan(0);
    // The WAVs are written again for this run's reports, the same audio as recorded.
    const wav = (dir: string) => readFile(path.join(project.dir, dir, spoken.audio!.agentWav!));
    expect((await wav('again')).equals(await wav('out'))).toBe(true);

    const spec = path.join(project.dir, 'specs/support.yaml');
    // An edited main input, and variables added to a later turn (said at once, naming that turn).
    const edits = (await readFile(spec, 'utf8'))
      .replace('dtmf: "1234#"', 'dtmf: "9999#"')
      .replace(BALANCE_IN_BILLING, `${BALANCE_IN_BILLING}\n        variables: { channel: web }`);
    expect(edits).toContain('variables: { channel: web }');
    await project.write('specs/support.yaml', edits);
    const edited = await runCli([...replay.slice(0, -1), 'edited'], { cwd: project.dir });
    expect(edited.code).toBe(1);
    const changed = await readJson<RunResult>(path.join(project.dir, 'edited/results.json'));
    const welcome = changed.conversations.find((c) => c.name === 'welcome and PIN authentication')!;
    expect(welcome.status).toBe('error');
    expect(welcome.error).toMatchObject({
      code: 'REPLAY_NO_RECORDING',
      turn: 1,
      message:
        'no recorded answer: turn 2 of specs/support.yaml#welcome and PIN authentication#0: ' +
        'sent dtmf "9999#", the recording has dtmf "1234#"',
    });
    const transfer = changed.conversations.find((c) => c.name === 'transfer to billing and back')!;
    expect(transfer.status).toBe('error');
    expect(transfer.error).toMatchObject({
      code: 'REPLAY_NO_RECORDING',
      turn: 0,
      message:
        'no recorded answer: turn 1 of specs/support.yaml#transfer to billing and back#0: ' +
        'turn 2 sends variables {"channel":"web"}, the recording has {}',
    });
    expect(changed.conversations.filter((c) => c.status !== 'passed').map((c) => c.name)).toEqual([
      'welcome and PIN authentication',
      'transfer to billing and back',
    ]);
  });

  it('never invents audio: a recorded WAV that is gone is an error naming it', async () => {
    await rm(path.join(project.dir, 'out/audio'), { recursive: true });
    const args = ['run', 'specs', '--replay', 'out', '--grep', 'voice', '--reporter', 'json', '--output-dir', 'nowav'];
    expect((await runCli(args, { cwd: project.dir })).code).toBe(1);
    const [voice] = (await readJson<RunResult>(path.join(project.dir, 'nowav/results.json'))).conversations;
    expect(voice!.status).toBe('error');
    expect(voice!.error!.message).toMatch(
      new RegExp(
        '^no recorded answer: turn 1 of specs/voice\\.yaml#voice balance, transfer and goodbye#0: ' +
          'the recorded audio .*out/audio/.*\\.wav cannot be read \\(not found\\); ' +
          'replay from the report directory the recorded run wrote$',
      ),
    );
  });
});
