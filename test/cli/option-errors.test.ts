// Bad flag values: one message per bad value, naming the flag, the accepted values and what was
// given, exit 2; and a matcher written as a scalar shorthand gets its shape in the message.
import { afterAll, describe, expect, it } from 'vitest';
import { runCli, tempProject } from '../helpers/cli.js';
import { ENDPOINT_PATTERN } from '../../src/model/endpoint.js';

describe('option errors', async () => {
  const project = await tempProject({
    'j.yaml':
      'conversations:\n  - name: a\n    turns:\n      - user: hi\n        expect:\n          - judge: "be polite"\n',
  });
  afterAll(() => project.cleanup());
  const cli = (...args: string[]) => runCli(args, { cwd: project.dir });

  it('says the same thing for a non-number and an out-of-range number', async () => {
    const results = await Promise.all([
      cli('run', '--concurrency', 'abc'),
      cli('run', '--concurrency', '0'),
      cli('run', '--timeout', '-5'),
      cli('run', '--api-version', 'v2'),
      cli('run', '--reporter', 'list,nope'),
      cli('emulator', '--app', 'x.yaml', '--port', '70000'),
      cli('run', '--grep', ''),
      cli('run', '--tag', 'p0', '--tag', ''),
      cli('run', '--output-dir', ''),
      cli('import', 'conversations', '--app', 'projects/p/locations/us/apps/a', '--source', 'live,evals', '-o', 'x'),
    ]);
    expect(results.map((r) => [r.code, r.stderr.trim()])).toEqual([
      [2, 'cxas-eval: --concurrency must be a whole number >= 1, got "abc"'],
      [2, 'cxas-eval: --concurrency must be a whole number >= 1, got "0"'],
      [2, 'cxas-eval: --timeout must be a whole number from 1 to 2147483647, got "-5"'],
      [2, 'cxas-eval: --api-version must be one of v1, v1beta, got "v2"'],
      [2, 'cxas-eval: --reporter must be one of list, json, junit, html, github, got "nope"'],
      [2, 'cxas-eval: --port must be a whole number from 0 to 65535, got "70000"'],
      [2, 'cxas-eval: --grep must not be empty'],
      [2, 'cxas-eval: --tag must not be empty'],
      [2, 'cxas-eval: --output-dir must not be empty'],
      [2, 'cxas-eval: --source must be one of live, eval, simulator, agent-tool, got "evals"'],
    ]);
  });

  it('refuses an impossible import date and an empty --since/--until window before connecting', async () => {
    const target = ['--app', 'projects/p/locations/l/apps/a', '--endpoint', '127.0.0.1:9', '--insecure'];
    const importing = (...args: string[]) => cli('import', 'conversations', ...target, '-o', 'imported', ...args);
    const results = await Promise.all([
      importing('--since', '2026-02-30'),
      importing('--until', '2025-13-01'),
      importing('--since', '2026-12-01', '--until', '2026-11-30'),
      importing('--since', '2026-12-01', '--until', '2026-12-01'),
    ]);
    expect(results.map((r) => [r.code, r.stderr.trim()])).toEqual([
      [2, 'cxas-eval: --since must be a date such as 2026-12-01 or 2026-12-01T09:00:00Z, got "2026-02-30"'],
      [2, 'cxas-eval: --until must be a date such as 2026-12-01 or 2026-12-01T09:00:00Z, got "2025-13-01"'],
      [2, 'cxas-eval: --since (2026-12-01) must be before --until (2026-11-30): no conversation can match'],
      [2, 'cxas-eval: --since (2026-12-01) must be before --until (2026-12-01): no conversation can match'],
    ]);
  });

  it('--endpoint and config endpoint: a port out of range, no host or a URL is one line, exit 2', async () => {
    const forms = 'HOST:PORT with a port from 1 to 65535 ([IPv6]:PORT, dns:HOST:PORT and unix:PATH too)';
    const app = ['--app', 'projects/p/locations/l/apps/a'];
    const results = await Promise.all([
      cli('run', 'j.yaml', ...app, '--endpoint', '127.0.0.1:99999', '--no-history'),
      cli('run', 'j.yaml', ...app, '--endpoint', ':80', '--no-history'),
      cli('platform', 'pull', ...app, '--endpoint', '127.0.0.1:abc'),
      cli('chat', ...app, '--endpoint', 'localhost:0'),
      cli('run', 'j.yaml', ...app, '--endpoint', 'http://localhost:8080', '--no-history'),
    ]);
    expect(results.map((r) => [r.code, r.stderr])).toEqual([
      [2, `cxas-eval: --endpoint must be ${forms}, got "127.0.0.1:99999"\n`],
      [2, `cxas-eval: --endpoint must be ${forms}, got ":80"\n`],
      [2, `cxas-eval: --endpoint must be ${forms}, got "127.0.0.1:abc"\n`],
      [2, `cxas-eval: --endpoint must be ${forms}, got "localhost:0"\n`],
      // A URL gets the target it means.
      [
        2,
        `cxas-eval: --endpoint must be ${forms}, got "http://localhost:8080" (without the scheme: "localhost:8080")\n`,
      ],
    ]);
    await project.write('bad-endpoint.yaml', 'endpoint: "127.0.0.1:99999"\n');
    const config = await cli('run', 'j.yaml', '-c', 'bad-endpoint.yaml', '--no-history');
    expect(config.code).toBe(2);
    // The config schema's pattern is the flag's rule (src/model/endpoint.ts).
    expect(config.stderr).toBe(
      `bad-endpoint.yaml:1:11 endpoint: must match pattern "${ENDPOINT_PATTERN}"\n1 error; nothing was run.\n`,
    );
  });

  it('repeat is at most 10000, as a flag, in the config and in a spec (a run plans every repetition)', async () => {
    const spec = (repeat: number) =>
      `conversations:\n  - name: r\n    repeat: ${repeat}\n    turns: [ { user: hi } ]\n`;
    await project.write('repeat-config.yaml', 'repeat: 10001\n');
    await project.write('repeat/over.yaml', spec(100_000_000));
    await project.write('repeat-ok/ok.yaml', spec(1));
    const [flag, config, inSpec, most] = await Promise.all([
      cli('run', 'repeat-ok', '--list', '--repeat', '100000000'),
      cli('run', 'repeat-ok', '--list', '-c', 'repeat-config.yaml'),
      cli('run', 'repeat', '--list'),
      cli('run', 'repeat-ok', '--list', '--repeat', '10000'),
    ]);
    expect([flag.code, flag.stderr]).toEqual([
      2,
      'cxas-eval: --repeat must be a whole number from 1 to 10000, got "100000000"\n',
    ]);
    expect([config.code, config.stderr]).toEqual([
      2,
      'repeat-config.yaml:1:9 repeat: must be <= 10000\n1 error; nothing was run.\n',
    ]);
    expect([inSpec.code, inSpec.stderr]).toEqual([
      2,
      'repeat/over.yaml:3:13 conversations[0].repeat: must be <= 10000\n1 error; nothing was run.\n',
    ]);
    expect([most.code, most.stdout.trim().split('\n').at(-1)]).toEqual([0, '1 conversation (10000 runs) in 1 file']);
  });

  it('NaN, as a flag or a config value, is named once: what was given and what is expected', async () => {
    await project.write('nan-config.yaml', 'retries: .nan\ncoverage: { min: { tools: .nan } }\n');
    const [flag, config] = await Promise.all([
      cli('run', 'repeat-ok', '--list', '--concurrency', 'NaN'),
      cli('run', 'repeat-ok', '--list', '-c', 'nan-config.yaml'),
    ]);
    expect([flag.code, flag.stderr]).toEqual([2, 'cxas-eval: --concurrency must be a whole number >= 1, got "NaN"\n']);
    expect([config.code, config.stderr]).toEqual([
      2,
      'nan-config.yaml:1:10 retries: expected a whole number, got not a number (.nan)\n' +
        'nan-config.yaml:2:27 coverage.min.tools: expected a number, got not a number (.nan)\n' +
        '2 errors; nothing was run.\n',
    ]);
  });

  it('shows the shape of a matcher given as a bare string', async () => {
    const r = await cli('validate', 'j.yaml');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(
      'j.yaml:6:20 conversations[0].turns[0].expect[0].judge: expected a map, got a string; ' +
        'the shape is {prompt: ...}, with your string as prompt',
    );
  });
});
