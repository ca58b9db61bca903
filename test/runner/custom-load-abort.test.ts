// Custom matcher modules load before any conversation (run/custom-matchers.ts): an abort while one
// loads (a module that loops at its top level) ends the run at once, not after the load's timeout,
// and only the modules of the conversations the run plans are loaded.
import { afterAll, describe, expect, it } from 'vitest';
import { run } from '../../src/library/run.js';
import { tempProject } from '../helpers/cli.js';
import { echoApp } from './apps.js';

const SPEC = `conversations:
  - name: loops
    turns:
      - user: hi
        expect: [ { custom: { module: ../m/loop.mjs } } ]
  - name: plain
    turns:
      - user: hi
        expect: [ { custom: { module: ../m/ok.mjs } } ]
`;
/** Far above what the assertions below allow: a run that waits for it fails them. */
const LOAD_TIMEOUT_MS = 30_000;

describe('custom matcher modules while they load', async () => {
  const project = await tempProject({
    'app.yaml': echoApp(),
    'specs/s.yaml': SPEC,
    'm/loop.mjs': 'while (true) {}\nexport default () => true;\n',
    'm/ok.mjs': 'export default () => true;\n',
  });
  afterAll(() => project.cleanup());
  const base = {
    cwd: project.dir,
    paths: ['specs/s.yaml'],
    emulator: 'app.yaml',
    outputDir: 'out',
    reporters: ['json' as const],
    history: false,
    coverage: false,
    timeoutMs: LOAD_TIMEOUT_MS,
    io: { out: () => {}, warn: () => {} },
  };

  it('an abort during the load ends the run at once: every conversation interrupted', async () => {
    const abort = new AbortController();
    setTimeout(() => abort.abort(new Error('stop')), 300);
    const t0 = Date.now();
    const { result } = await run({ ...base, signal: abort.signal });
    expect(Date.now() - t0).toBeLessThan(LOAD_TIMEOUT_MS / 3);
    expect(result.status).toBe('interrupted');
    expect(result.conversations.map((c) => c.status)).toEqual(['interrupted', 'interrupted']);
  });

  it('an already aborted signal: no module is loaded', async () => {
    const t0 = Date.now();
    const { result } = await run({ ...base, signal: AbortSignal.abort() });
    expect(Date.now() - t0).toBeLessThan(LOAD_TIMEOUT_MS / 3);
    expect(result.status).toBe('interrupted');
  });

  it('a module no planned conversation uses is not loaded (its top-level loop holds nothing)', async () => {
    const t0 = Date.now();
    const { result } = await run({ ...base, grep: 'plain' });
    expect(Date.now() - t0).toBeLessThan(LOAD_TIMEOUT_MS / 3);
    expect(result.conversations.map((c) => [c.name, c.status])).toEqual([['plain', 'passed']]);
  });
});
