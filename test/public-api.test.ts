// The built package's public API: what `import ... from 'cxas-eval'` gives a user.
import { describe, expect, it } from 'vitest';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { ROOT } from './helpers/cli.js';

describe('public API (dist/index.js)', () => {
  it('exports the client, emulator, runner, assertions, reporters and audio entry points', async () => {
    const api = (await import(pathToFileURL(path.join(ROOT, 'dist/index.js')).href)) as Record<string, unknown>;
    for (const name of [
      'Sessions',
      'startEmulator',
      'loadSpecs',
      'loadConfig',
      'executeRun',
      'runAssertions',
      'createReporter',
      'mergeRunResults',
      'createSynthesizer',
      'transcriptKey',
      'transcriptKeyFor',
      'normalizeTurn',
      'CesError',
    ]) {
      expect(typeof api[name], name).toBe('function');
    }
    expect(api['MATCHER_NAMES']).toContain('toolCall');
  });

  it('runs the README example against the emulator', async () => {
    const { Sessions, startEmulator } = await import(pathToFileURL(path.join(ROOT, 'dist/index.js')).href);
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
