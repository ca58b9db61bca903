// The `env` a library caller gives run() (io.env) is where the CES clients of the run look for
// CXAS_OAUTH_TOKEN, as the judge does: the Sessions client (turns, coverage listing) and the tool
// tests' platform client resolve their credentials from it, not from the process's environment.
// Observed at the credential resolution (src/client/auth.ts resolveAuth), so no TLS server is needed.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type * as Auth from '../../src/client/auth.js';
import { run } from '../../src/library/run.js';
import { tempProject } from '../helpers/cli.js';

const seen = vi.hoisted(() => [] as (string | undefined)[]);
vi.mock(import('../../src/client/auth.js'), async (original) => {
  const actual = await original();
  return {
    ...actual,
    resolveAuth: (...args: Parameters<typeof Auth.resolveAuth>) => {
      seen.push((args[1] ?? process.env)['CXAS_OAUTH_TOKEN']);
      return actual.resolveAuth(...args);
    },
  };
});

const APP = 'projects/p/locations/us/apps/a';
const SPEC = `conversations:
  - name: hello
    turns:
      - user: hi
toolTests:
  - name: lookup
    tool: ${APP}/tools/lookup
    expect:
      response: [{ path: "$.x", operator: isNull }]
`;

describe("a run's CES credentials come from its env", async () => {
  const project = await tempProject({ 'specs/s.yaml': SPEC });
  const saved = process.env['CXAS_OAUTH_TOKEN'];
  beforeAll(() => {
    process.env['CXAS_OAUTH_TOKEN'] = 'from-the-process';
  });
  afterAll(async () => {
    if (saved === undefined) delete process.env['CXAS_OAUTH_TOKEN'];
    else process.env['CXAS_OAUTH_TOKEN'] = saved;
    await project.cleanup();
  });

  it('CXAS_OAUTH_TOKEN of io.env, for the Sessions client and the tool tests alike', async () => {
    const { result } = await run({
      cwd: project.dir,
      paths: ['specs/s.yaml'],
      app: APP,
      // Nothing listens there: each call fails at once, after its credentials were resolved.
      endpoint: '127.0.0.1:1',
      retries: 0,
      timeoutMs: 5000,
      outputDir: 'out',
      reporters: ['json'],
      history: false,
      io: { out: () => {}, warn: () => {}, env: { CXAS_OAUTH_TOKEN: 'from-the-caller' } },
    });
    expect(result.conversations.map((c) => [c.name, c.status])).toEqual([
      ['hello', 'error'],
      ['lookup', 'error'],
    ]);
    // The Sessions client, then the tool tests' client.
    expect(seen).toEqual(['from-the-caller', 'from-the-caller']);
  });
});
