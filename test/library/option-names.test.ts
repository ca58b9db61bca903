// The package's functions and classes that take an options object refuse a name no option has, as
// run() does (startEmulator: test/emulator/option-names.test.ts; Sessions: test/client): a misspelt
// one was ignored, and the call went on with the default it meant to change. loadSpecs, loadConfig
// and convertFile never reject for bad input: the problem is their one error, located at the call.
import { describe, expect, it } from 'vitest';
import { CesInputError, convertFile, loadConfig, loadSpecs, PlatformClient, platformRun } from '../../src/index.js';
import { tempProject } from '../helpers/cli.js';

const SPEC = 'app: projects/p/locations/us/apps/a\nconversations:\n  - name: c\n    turns:\n      - user: hi\n';

describe('an option name no option has', () => {
  it('loadSpecs, loadConfig and convertFile: one error naming it, nothing loaded', async () => {
    const project = await tempProject({ 'specs/a.yaml': SPEC, 'cxas-eval.config.yaml': 'concurrency: 2\n' });
    try {
      const cwd = project.dir;
      const specs = await loadSpecs(['specs'], { cwd, limit: { specFileBytes: 10 } } as never);
      expect(specs.files).toEqual([]);
      expect(specs.errors.map((e) => [e.code, e.message])).toEqual([
        ['UNKNOWN_KEY', 'loadSpecs():1:1 opts: unknown option "limit" (did you mean "limits"?)'],
      ]);
      const config = await loadConfig({ cwd, fil: 'other.yaml' } as never);
      expect(config.config).toEqual({});
      expect(config.errors.map((e) => e.message)).toEqual([
        'loadConfig():1:1 opts: unknown option "fil" (did you mean "file"?)',
      ]);
      const converted = await convertFile('specs/a.yaml', { cwd, output: 'x.yaml' } as never);
      expect(converted.text).toBeUndefined();
      expect(converted.errors.map((e) => e.message)).toEqual([
        'convertFile():1:1 opts: unknown option "output" (one of cwd, env, out)',
      ]);
      // Not an object at all: said so, not read letter by letter.
      expect((await loadSpecs(['specs'], 'specs' as never)).errors.map((e) => e.message)).toEqual([
        'loadSpecs():1:1 opts: expected an object of options, got a string ("specs")',
      ]);
      // The names they have still load.
      expect((await loadSpecs(['specs'], { cwd, limits: {} })).errors).toEqual([]);
      expect((await loadConfig({ cwd, file: 'cxas-eval.config.yaml' })).config).toEqual({ concurrency: 2 });
      expect((await convertFile('specs/a.yaml', { cwd, out: 'x.yaml' })).errors).toEqual([]);
    } finally {
      await project.cleanup();
    }
  });

  it('PlatformClient: a CesInputError when it is made, as Sessions says it', () => {
    const make = () => new PlatformClient({ app: 'projects/p/locations/us/apps/a', callTimeout: 5 } as never);
    expect(make).toThrow(new CesInputError('unknown option "callTimeout" in PlatformClient options'));
    expect(make).toThrow(CesInputError);
    expect(() => new PlatformClient({ app: 'projects/p/locations/us/apps/a', call_timeout_ms: 5 } as never)).toThrow(
      'unknown option "call_timeout_ms" in PlatformClient options (did you mean "callTimeoutMs"?)',
    );
  });

  it('platformRun: refused before any platform call (`tags` ran every evaluation of the app)', async () => {
    // The client is never called: a name no option has is refused first.
    const client = new PlatformClient({ app: 'projects/p/locations/us/apps/a', endpoint: '127.0.0.1:9' });
    const opts = { wait: false, timeoutMs: 1000, toolVersion: 't', target: { emulator: false } };
    try {
      await expect(platformRun(client, { ...opts, tags: ['slow'] } as never)).rejects.toThrow(
        new TypeError('unknown platformRun option "tags" (it goes in selection: { tags })'),
      );
      await expect(platformRun(client, { ...opts, runcount: 2 } as never)).rejects.toThrow(
        /^unknown platformRun option "runcount" \(one of files, specRoot, selection, /,
      );
    } finally {
      client.close();
    }
  });
});
