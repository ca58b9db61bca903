// cxas-eval.config.yaml: found in cwd, validated, errors at file:line:col.
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/runner/config.js';
import { writeTree } from './helpers.js';

describe('loadConfig', () => {
  it('is empty without a config file', async () => {
    expect(await loadConfig({ cwd: writeTree({}) })).toEqual({ config: {}, errors: [] });
  });

  it('reads cxas-eval.config.yml from cwd', async () => {
    const cwd = writeTree({
      'cxas-eval.config.yml':
        'app: projects/p/locations/l/apps/a\nconcurrency: 4\nreporters: [list, junit]\n' +
        'golden: { text: similar, threshold: 0.9 }\n',
    });
    const loaded = await loadConfig({ cwd });
    expect(loaded).toEqual({
      config: {
        app: 'projects/p/locations/l/apps/a',
        concurrency: 4,
        reporters: ['list', 'junit'],
        golden: { text: 'similar', threshold: 0.9 },
      },
      file: 'cxas-eval.config.yml',
      dir: cwd,
      errors: [],
      locate: expect.any(Function),
    });
    // Where a setting is written, for checks made after loading (validate's judge and user model).
    expect(loaded.locate?.(['golden', 'threshold'])).toEqual({ file: 'cxas-eval.config.yml', line: 4, col: 37 });
    expect(loaded.locate?.(['judge', 'backend'])).toEqual({ file: 'cxas-eval.config.yml', line: 1, col: 1 });
  });

  it('reports every problem in one line each', async () => {
    const cwd = writeTree({
      'conf/ci.yaml': 'reporters: [list, xml]\nconcurrency: 0\naudio: { synth: google }\nredact: ["(unclosed"]\n',
    });
    const { config, errors } = await loadConfig({ cwd, file: 'conf/ci.yaml' });
    expect(config).toEqual({});
    expect(errors.map((e) => e.message)).toEqual([
      'conf/ci.yaml:1:19 reporters[1]: expected one of "list", "json", "junit", "html", "github"; got a string',
      'conf/ci.yaml:2:14 concurrency: must be >= 1',
      'conf/ci.yaml:3:10 audio: unknown key "synth" (expected one of: synthesizer, voice, languageCode, pacing)',
    ]);
  });

  it('rejects an invalid redact pattern at its position', async () => {
    const cwd = writeTree({ 'cxas-eval.config.yaml': 'redact:\n  - "(unclosed"\n' });
    expect((await loadConfig({ cwd })).errors.map((e) => e.message)).toEqual([
      'cxas-eval.config.yaml:2:5 redact[0]: invalid regular expression /(unclosed/: Unterminated group',
    ]);
  });

  it('reports an explicit config file that does not exist', async () => {
    expect((await loadConfig({ cwd: writeTree({}), file: 'nope.yaml' })).errors.map((e) => e.message)).toEqual([
      'nope.yaml:1:1: file not found',
    ]);
  });
});
