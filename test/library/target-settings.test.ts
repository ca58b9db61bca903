// Settings naming a target the run would not reach are never silently ignored: a replay reaches
// nothing (a warning), and the in-process emulator serves its own audio bridge (refused;
// src/library/target-settings.ts).
import { readFile } from 'node:fs/promises';
import * as path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { RunInputError } from '../../src/library/errors.js';
import { run, type LibraryRunOptions } from '../../src/library/run.js';
import { tempProject } from '../helpers/cli.js';
import { echoApp } from '../runner/apps.js';

const SPEC =
  'conversations:\n  - name: echoes\n    turns:\n      - user: hi\n        expect: [ { text: "echo: hi" } ]\n';
const PREVIOUS = '{"previous": true}\n';

describe('target settings with nothing to reach', async () => {
  const project = await tempProject({ 'app.yaml': echoApp(), 'specs/s.yaml': SPEC, 'out/results.json': PREVIOUS });
  afterAll(() => project.cleanup());
  const base: LibraryRunOptions = {
    cwd: project.dir,
    paths: ['specs/s.yaml'],
    outputDir: 'out',
    reporters: ['json'],
    history: false,
    io: { out: () => {}, warn: () => {} },
  };
  const refusal = async (options: LibraryRunOptions) => {
    const error = await run({ ...base, ...options }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RunInputError);
    expect(await readFile(path.join(project.dir, 'out/results.json'), 'utf8')).toBe(PREVIOUS);
    return (error as RunInputError).message;
  };

  it('a replay says that --emulator, --app, --endpoint and the other target settings have no effect', async () => {
    const recorded = await run({ ...base, emulator: 'app.yaml', outputDir: 'recorded' });
    expect(recorded.result?.status).toBe('passed');
    const warnings: string[] = [];
    const replayed = await run({
      ...base,
      replay: 'recorded',
      outputDir: 'replayed',
      emulator: 'app.yaml',
      endpoint: '127.0.0.1:9',
      io: { out: () => {}, warn: (text) => void warnings.push(text) },
    });
    expect(replayed.result?.status).toBe('passed');
    expect(warnings).toContain(
      "cxas-eval: warning: --replay serves the stored run's agent in-process, nothing is reached: " +
        '--endpoint (endpoint), --emulator (emulator) have no effect\n',
    );
  });

  it('--ws-endpoint is refused for a run the in-process emulator serves', async () => {
    const ws = { websocketEndpoint: 'ws://127.0.0.1:9' };
    const message =
      '--ws-endpoint (websocketEndpoint) is the audio bridge of the server at --endpoint; this run is served by ' +
      'the in-process emulator, which has its own: give --endpoint, or drop it';
    expect(await refusal({ ...ws, emulator: 'app.yaml' })).toBe(message);
    expect(await refusal(ws)).toBe(message);
  });
});
