// Push never silently changes what a spec means: each conversation of these specs is either refused
// with the construct that would mean something else on the platform, or pushed and then given the
// same verdict by the emulator's EvaluationService (loopback gRPC) as by a local run of the same
// app. In-process: emulator, runner and platform client; no CLI starts.
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator } from '../../src/emulator/index.js';
import { Sessions } from '../../src/client/sessions.js';
import { executeRun } from '../../src/runner/run/index.js';
import { loadSpecs } from '../../src/runner/load/index.js';
import { PlatformClient, platformRun, pushSpecs } from '../../src/platform/index.js';
import type { RunResult } from '../../src/model/result.js';
import { tempProject } from '../helpers/cli.js';

const APP = 'projects/p/locations/us/apps/meaning';

/**
 * `lookup` answers per account; `wrapped` returns its result under `output`; `pay` is a client tool;
 * `audit` and `audit_v2` have the same display name; `order` is called with lists of objects and
 * of scalars, and sets such lists.
 */
const APP_YAML = `app: ${APP}
rootAgent: root_agent
tools:
  lookup:
    displayName: Lookup
    response: { status: unknown }
    answers:
      - whenArgs: { account_id: A }
        response: { status: active }
      - whenArgs: { account_id: B }
        response: { status: closed }
  wrapped:
    displayName: Wrapped
    response: { output: { status: ok } }
  pay:
    displayName: Pay
    client: true
  audit:
    displayName: Audit
    response: { ok: true }
  audit_v2:
    displayName: Audit
    response: { ok: true }
  order:
    displayName: Order
    response: { output: { lines: [{ sku: a, qty: 1 }] } }
agents:
  root_agent:
    displayName: Root
    routes:
      - on: { text: compare }
        do:
          - call: { tool: lookup, args: { account_id: A } }
          - call: { tool: lookup, args: { account_id: B } }
          - say: done
      - on: { text: wrap }
        do:
          - call: { tool: wrapped, args: { q: "1" } }
          - say: wrapped done
      - on: { text: pay }
        do:
          - call: { tool: pay, args: { amount: five } }
          - say: "paid \${tool.pay.ref}"
      - on: { text: items }
        do:
          - call: { tool: order, args: { items: [{ sku: a, note: gift }], tags: [x, y] } }
          - set: { cart: [{ sku: a, note: gift }], labels: [x, y] }
          - say: ordered
      - on: { default: true }
        say: Hello there.
latencyMs: 0
`;

type Verdicts = Record<string, string>;

interface Compared {
  /** Refused conversations, each with the keys of its refused constructs. */
  refused: Record<string, string[]>;
  /** The verdicts of the conversations push carried: locally, and on the platform. */
  local: Verdicts;
  platform: Verdicts;
}

let project: Awaited<ReturnType<typeof tempProject>>;

beforeAll(async () => {
  project = await tempProject({ 'app.yaml': APP_YAML });
});
afterAll(async () => {
  await project?.cleanup();
});

const verdicts = (r: RunResult, keep: (name: string) => boolean): Verdicts =>
  Object.fromEntries(r.conversations.filter((c) => keep(c.name)).map((c) => [c.name, c.status] as const));

/** The refused constructs' keys, without the consequence (nothing left to check) they can have. */
const refusedKeys = (losses: Array<{ key: string }>): string[] =>
  losses.map((l) => l.key).filter((k) => k !== 'push.nothing');

/** Pushes `spec` and runs it locally and on the platform, against one emulator of the app. */
async function compare(file: string, spec: string): Promise<Compared> {
  await project.write(file, spec);
  const { files, errors } = await loadSpecs([file], { cwd: project.dir });
  expect(errors).toEqual([]);
  const emulator = await startEmulator({
    app: path.join(project.dir, 'app.yaml'),
    evaluationRuns: { pollsToFinish: 1 },
  });
  const sessions = new Sessions({ appName: APP, endpoint: emulator.address, insecure: true });
  const client = new PlatformClient({ app: APP, endpoint: emulator.address, insecure: true });
  try {
    const push = await pushSpecs(files, client);
    const refused = Object.fromEntries(
      push.entries
        .filter((e) => e.action === 'refused')
        .map((e) => [e.title.split(' › ')[1]!, refusedKeys(e.losses)] as const),
    );
    const [local, platform] = await Promise.all([
      executeRun({
        files,
        sessions,
        target: { emulator: true, apiVersion: 'v1' },
        cwd: project.dir,
        concurrency: 4,
        retries: 0,
        timeoutMs: 10_000,
        judge: { kind: 'disabled', reason: 'judge disabled (--no-judge)' },
      }),
      platformRun(client, {
        files,
        wait: true,
        timeoutMs: 30_000,
        intervalMs: 1,
        toolVersion: 'test',
        target: { app: APP, emulator: false, apiVersion: 'v1beta' },
      }),
    ]);
    if (platform.kind !== 'finished') throw new Error(`platform run ${platform.kind}`);
    const carried = (name: string) => !(name in refused);
    return { refused, local: verdicts(local.result, carried), platform: verdicts(platform.result, carried) };
  } finally {
    sessions.close();
    client.close();
    await emulator.stop();
  }
}

describe('platform push of a toolCall response', () => {
  it("refuses a response tied to args or one the tool's `output` could wrap; carries the rest as meant", async () => {
    const r = await compare(
      'specs/response.yaml',
      `app: ${APP}
conversations:
  - name: response of another call
    turns:
      - user: compare
        expect: [{ toolCall: { name: lookup, args: { account_id: A }, response: { status: closed } } }]
  - name: wrapped result written without output
    turns:
      - user: wrap
        expect: [{ toolCall: { name: wrapped, response: { status: ok } } }]
  - name: wrapped result written with output
    turns:
      - user: wrap
        expect: [{ toolCall: { name: wrapped, response: { output: { status: ok } } } }]
  - name: a faked tool's response
    toolFakes: [{ tool: pay, respond: { ref: R1 } }]
    turns:
      - user: pay
        expect: [{ toolCall: { name: pay, response: { ref: R1 } } }, { text: paid R1 }]
  - name: a faked tool's other response
    toolFakes: [{ tool: pay, respond: { ref: R1 } }]
    turns:
      - user: pay
        expect: [{ toolCall: { name: pay, response: { ref: R2 } } }]
  - name: a faked tool's response written with output
    toolFakes: [{ tool: pay, respond: { ref: R1 } }]
    turns:
      - user: pay
        expect: [{ toolCall: { name: pay, response: { output: { ref: R1 } } } }]
`,
    );
    expect(r.refused).toEqual({
      'response of another call': ['toolCallMatcher.response@args', 'toolCallMatcher.response@unwrapped'],
      'wrapped result written without output': ['toolCallMatcher.response@unwrapped'],
      "a faked tool's response written with output": ['toolCallMatcher.response@mocked'],
    });
    expect(r.local).toEqual({
      'wrapped result written with output': 'passed',
      "a faked tool's response": 'passed',
      "a faked tool's other response": 'failed',
    });
    expect(r.platform).toEqual(r.local);
  });
});

describe('platform push of a toolCall by display name', () => {
  it('pushes the one tool with that display name as its resource; refuses one no tool, or several, have', async () => {
    const r = await compare(
      'specs/display-name.yaml',
      `app: ${APP}
conversations:
  - name: by display name
    turns:
      - user: compare
        expect: [{ toolCall: { displayName: Lookup, args: { account_id: B } } }]
  - name: by the display name of a tool not called
    turns:
      - user: compare
        expect: [{ toolCall: { displayName: Wrapped } }]
  - name: a display name no tool has
    turns:
      - user: compare
        expect: [{ toolCall: { displayName: Lookup account } }, { text: done }]
  - name: a display name two tools have
    turns:
      - user: compare
        expect: [{ toolCall: { displayName: Audit } }, { text: done }]
`,
    );
    expect(r.refused).toEqual({
      'a display name no tool has': ['toolCallMatcher.displayName@unknown'],
      'a display name two tools have': ['toolCallMatcher.displayName@ambiguous'],
    });
    expect(r.local).toEqual({ 'by display name': 'passed', 'by the display name of a tool not called': 'failed' });
    expect(r.platform).toEqual(r.local);
  });
});

describe('platform push of lists in args, responses and variables', () => {
  it('refuses a list of objects compared as a subset; carries lists of scalars and exact args', async () => {
    const r = await compare(
      'specs/lists.yaml',
      `app: ${APP}
conversations:
  - name: list element subset
    turns:
      - user: items
        expect: [{ toolCall: { name: order, args: { items: [{ sku: a }] } } }]
  - name: list element subset in the response
    turns:
      - user: items
        expect: [{ toolCall: { name: order, response: { output: { lines: [{ sku: a }] } } } }]
  - name: list element subset in variables
    turns:
      - user: items
        expect: [{ variables: { cart: [{ sku: a }] } }]
  - name: list of objects, exactly
    turns:
      - user: items
        expect:
          - toolCall: { name: order, args: { items: [{ sku: a, note: gift }], tags: [x, y] }, argsMode: exact }
  - name: list of scalars
    turns:
      - user: items
        expect: [{ toolCall: { name: order, args: { tags: [x, y] } } }, { variables: { labels: [x, y] } }]
  - name: list of scalars in another order
    turns:
      - user: items
        expect: [{ toolCall: { name: order, args: { tags: [y, x] } } }]
  - name: a shorter list of scalars
    turns:
      - user: items
        expect: [{ variables: { labels: [x] } }]
`,
    );
    expect(r.refused).toEqual({
      'list element subset': ['toolCallMatcher.args@lists'],
      'list element subset in the response': ['toolCallMatcher.response@lists'],
      'list element subset in variables': ['expectation.variables@lists'],
    });
    expect(r.local).toEqual({
      'list of objects, exactly': 'passed',
      'list of scalars': 'passed',
      'list of scalars in another order': 'failed',
      'a shorter list of scalars': 'failed',
    });
    expect(r.platform).toEqual(r.local);
  });
});
