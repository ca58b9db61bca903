// The built package's public API: what `import ... from 'cxas-eval'` gives a user, used as a user
// would compose it (README "Library" covers `run`; test/library/public-run.test.ts checks it).
import { mkdtemp, rm } from 'node:fs/promises';
import { createHash } from 'node:crypto';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import type * as Api from '../src/index.js';
import { ROOT } from './helpers/cli.js';

const api = (await import(pathToFileURL(path.join(ROOT, 'dist/index.js')).href)) as typeof Api;

describe('public API (dist/index.js)', () => {
  it('runs specs from their parts: loadSpecs, startEmulator, Sessions, executeRun, reports read back', async () => {
    const { files, errors } = await api.loadSpecs(['specs/demo/support.yaml'], { cwd: ROOT });
    expect(errors).toEqual([]);
    const plan = { grep: '/wrong PIN|tool fakes/' };
    const planned = api.planRuns(files, plan).runs.map((r) => r.spec.name);
    expect(planned).toEqual(['a wrong PIN is rejected', 'balance with tool fakes']);
    const emulator = await api.startEmulator({ app: path.join(ROOT, 'specs/demo/app.yaml') });
    const outputDir = await mkdtemp(path.join(os.tmpdir(), 'cxas-public-api-'));
    const sessions = new api.Sessions({ appName: emulator.appName, endpoint: emulator.address, insecure: true });
    try {
      const { result } = await api.executeRun({
        files,
        sessions,
        target: { app: emulator.appName, endpoint: emulator.address, emulator: true, apiVersion: 'v1' },
        cwd: ROOT,
        plan,
        concurrency: 2,
        retries: 0,
        timeoutMs: 10_000,
      });
      expect(result.conversations.map((c) => [c.name, c.status])).toEqual(planned.map((name) => [name, 'passed']));
      expect(result.conversations.every((c) => api.conversationVerdict(c) === c.status)).toBe(true);
      expect(api.runExitCode(result)).toBe(api.EXIT.ok);
      const { failures } = await api.writeReports(result, ['json', 'junit'], { outputDir, cwd: ROOT });
      expect(failures).toEqual([]);
      const read = await api.loadRunResult(path.join(outputDir, 'results.json'));
      expect(read.runId).toBe(result.runId);
      expect(api.mergeRunResults([read]).summary).toEqual(result.summary);
    } finally {
      sessions.close();
      await emulator.stop();
      await rm(outputDir, { recursive: true, force: true });
    }
  });

  it('exports the helpers a user composes with, working as documented', () => {
    expect(api.MATCHER_NAMES).toContain('toolCall');
    // All-silent audio has no speech to key: it hashes the empty string (src/audio/fingerprint.ts).
    const emptyKey = createHash('sha256').update('').digest('hex');
    expect(api.transcriptKey(Buffer.alloc(3200), 16_000)).toBe(emptyKey);
    const error = new api.CesError('UNAVAILABLE', 'try again');
    expect(error).toBeInstanceOf(Error);
    expect([error.code, error.message, api.isTransient(error)]).toEqual(['UNAVAILABLE', 'try again', true]);
    expect(api.passHatK(4, 4)).toBe(1);
  });

  it('runs the README example against the emulator', async () => {
    const { Sessions, startEmulator } = api;
    const emulator = await startEmulator({ app: path.join(ROOT, 'specs/demo/app.yaml') });
    try {
      const sessions = new Sessions({ appName: emulator.appName, endpoint: emulator.address, insecure: true });
      const sessionId = sessions.createSessionId();
      const res = await sessions.run({ sessionId, text: 'I need help with billing' });
      expect(sessions.parseResult(res, { format: 'plain' })).toContain('AGENT TRANSFER');
      sessions.close();
    } finally {
      await emulator.stop();
    }
  });
});
