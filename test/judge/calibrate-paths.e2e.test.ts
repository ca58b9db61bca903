// A label's `expectation.spec`, like its `transcript.run`, is read beside the labels file when a file
// is there, else from the working directory: README's example (`spec: specs/booking.yaml` in a
// labels/ folder, run from the project root) works, and so does a path relative to the labels file.
// The built CLI with the fake LLM server as the judge.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, tempProject } from '../helpers/cli.js';
import { judgeDocument, startFakeLlm, type FakeLlm } from '../helpers/fake-llm.mjs';

const CRITERION = 'The agent confirms the booking city';
const SPEC = `conversations:
  - name: book a table
    turns:
      - user: a table in Paris
        expect: [ { judge: { prompt: "${CRITERION}" } } ]
`;
const label = (spec: string, agent: string, verdict: string) =>
  `  - expectation: { spec: ${spec}, conversation: "book a table", index: 1 }\n` +
  `    transcript: { turns: [{ user: "a table in Paris", agent: "${agent}" }] }\n` +
  `    verdict: ${verdict}\n`;

describe('judge calibrate: where a label finds its spec', () => {
  let fake: FakeLlm;
  let project: Awaited<ReturnType<typeof tempProject>>;
  beforeAll(async () => {
    fake = await startFakeLlm();
    fake.on(
      (r) => judgeDocument(r).criterion === CRITERION,
      (r) => {
        const holds = JSON.stringify(judgeDocument(r).transcript).includes('Paris for 8');
        const reason = holds ? 'So the criterion holds.' : 'So the criterion does not hold.';
        return { json: { reason, verdict: holds ? 'pass' : 'fail', evidenceTurns: [1] } };
      },
    );
    project = await tempProject({
      'cxas-eval.config.yaml': `judge: { backend: gemini, baseUrl: "${fake.url}", model: j, cache: { mode: off } }\n`,
      'specs/booking.yaml': SPEC,
      // From the working directory, as README writes it.
      'labels/cwd.yaml':
        `labels:\n${label('specs/booking.yaml', 'Booked in Paris for 8.', 'pass')}` +
        label('specs/booking.yaml', 'Booked.', 'fail'),
      // Beside the labels file.
      'labels/beside.yaml': `labels:\n${label('../specs/booking.yaml', 'Booked in Paris for 8.', 'pass')}`,
      'labels/nowhere.yaml': `labels:\n${label('specs/nope.yaml', 'Booked.', 'fail')}`,
    });
  });
  afterAll(async () => {
    await fake.close();
    await project.cleanup();
  });
  const calibrate = (file: string) =>
    runCli(['judge', 'calibrate', file, '--no-store', '--reporter', 'console', '--output-dir', 'cal'], {
      cwd: project.dir,
      env: { GEMINI_API_KEY: 'test-key' },
    });

  it.each(['labels/cwd.yaml', 'labels/beside.yaml'])(
    '%s: the criterion is read from specs/booking.yaml',
    async (file) => {
      const r = await calibrate(file);
      expect(r.stderr).not.toMatch(/expectation\.spec/);
      expect(r.stdout).toContain(`"${CRITERION}"`);
    },
  );

  it('a spec found in neither place is one error at the label', async () => {
    const r = await calibrate('labels/nowhere.yaml');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^labels\/nowhere\.yaml:2:5: expectation\.spec: .*specs\/nope\.yaml/m);
  });
});
