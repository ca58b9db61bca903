// An audio turn's timeout bounds the wait for the agent, not the playback after it: with
// `pacing: realtime` the client plays the agent's audio out before the next turn, and a reply
// longer than the turn's timeout is still heard to its end and judged (src/runner/run/turn.ts).
import { afterAll, describe, expect, it } from 'vitest';
import * as path from 'node:path';
import { DEMO_FILES_CONFIG, readJson, ROOT, runArgs, runCli, tempProject } from '../helpers/cli.js';
import type { RunResult } from '../../src/model/result.js';

const TIMEOUT_MS = 600;
const APP = `app: projects/test/locations/us/apps/long-reply
rootAgent: root_agent
agents:
  root_agent:
    routes:
      - on: { default: true }
        do:
          - say: "Thank you for calling. A specialist will review your account and get back to you."
`;

describe('audio turn timeout', async () => {
  const p = await tempProject({
    'app.yaml': APP,
    'specs/voice.yaml': `conversations:
  - name: long reply
    modality: audio
    pacing: realtime
    timeoutMs: ${TIMEOUT_MS}
    turns:
      - dtmf: "1#"
        expect:
          - text: { contains: specialist }
`,
  });
  afterAll(() => p.cleanup());

  it('a reply in time whose audio plays longer than the timeout passes', async () => {
    const res = await runCli(runArgs({ app: 'app.yaml' }, '--no-history'), { cwd: p.dir });
    const results = await readJson<RunResult>(path.join(p.dir, 'out/results.json'));
    const [c] = results.conversations;
    expect([c!.status, c!.error?.message], res.stderr).toEqual(['passed', undefined]);
    const turn = c!.turns[0]!.result!;
    // The test means something only when the playback outlasts the timeout (16 kHz, 16-bit mono).
    expect((turn.audio!.agentBytes / 32_000) * 1000).toBeGreaterThan(2 * TIMEOUT_MS);
    expect(turn.latency.totalMs).toBeLessThan(TIMEOUT_MS);
    expect(c!.attempts.map((a) => a.status)).toEqual(['passed']); // in time the first time, no retry
  }, 60_000);
});

describe('audio turn timeout with realtime pacing', async () => {
  // human.wav is 1.67 s of speech: sent at wall-clock speed it takes longer than the timeout, but
  // that is the user speaking, not the agent; the emulator answers 500 ms after the speech.
  const HUMAN = path.join(ROOT, 'specs/demo/audio/human.wav');
  const p = await tempProject({
    'cxas-eval.config.yaml': DEMO_FILES_CONFIG,
    'specs/voice.yaml': `conversations:
  - name: speaking longer than the timeout
    modality: audio
    pacing: realtime
    turns:
      - audio: { file: ${JSON.stringify(HUMAN)} }
        timeoutMs: 1200
        expect:
          - transcript: { contains: human }
`,
  });
  afterAll(() => p.cleanup());

  it("the user's own speaking time is no part of the turn's timeout", async () => {
    const res = await runCli(runArgs({}, '--no-history', '--retries', '0'), { cwd: p.dir });
    const results = await readJson<RunResult>(path.join(p.dir, 'out/results.json'));
    const [c] = results.conversations;
    expect([c!.status, c!.error?.message], res.stderr).toEqual(['passed', undefined]);
    // Meaningful only when the turn, speech included, outlasted the timeout.
    expect(c!.turns[0]!.result!.latency.totalMs).toBeGreaterThan(1200);
  }, 60_000);
});
