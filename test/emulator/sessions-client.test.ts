// The project's own Sessions client (src/client) against the emulator over loopback; a turn with a
// client tool round trip keeps both rounds' spans, so coverage counts the route that called the tool.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { startEmulator, type AppDefinition, type RunningEmulator } from '../../src/emulator/index.js';
import { appInventory } from '../../src/emulator/resources.js';
import { Sessions } from '../../src/client/sessions.js';
import { TurnInProgress } from '../../src/client/turn-rounds.js';
import { computeCoverage } from '../../src/model/coverage.js';
import type { ConversationResult } from '../../src/model/result.js';
import { turnRootSpans, type Span } from '../../src/model/turn.js';
import { APP, DEMO_APP } from './helpers.js';
import { ROOT } from '../helpers/cli.js';

let emu: RunningEmulator;
let sessions: Sessions;
beforeAll(async () => {
  emu = await startEmulator({ app: DEMO_APP });
  sessions = new Sessions({ appName: APP, endpoint: emu.address, insecure: true });
});
afterAll(async () => {
  sessions?.close();
  await emu?.stop();
});

describe('Sessions client ↔ emulator', () => {
  it('runs events, DTMF and a tool call with fakes, normalised into TurnResults', async () => {
    const sessionId = sessions.createSessionId();
    const welcome = sessions.getStructuredResponse(await sessions.sendEvent(sessionId, 'WELCOME', { caller_id: '+1' }));
    expect(welcome.text).toBe('Welcome to Cymbal support! Please enter your PIN followed by #.');
    const pin = sessions.getStructuredResponse(await sessions.run({ sessionId, dtmf: '1234#' }));
    expect(pin.updatedVariables).toEqual({ authenticated: true, pin: '1234#' });
    const balance = sessions.getStructuredResponse(
      await sessions.run({ sessionId, text: 'balance', useToolFakes: true }),
    );
    expect(balance.text).toBe('Your balance is $0.');
    expect(balance.toolCalls).toMatchObject([{ name: 'lookup_account', args: { account_id: 'ACC-1001' } }]);
    expect(balance.turnIndex).toBe(3);
  });

  it('sees transfers, payloads and the end of the session', async () => {
    const sessionId = sessions.createSessionId();
    const plan = sessions.getStructuredResponse(await sessions.run({ sessionId, text: 'plan' }));
    expect(plan.payloads).toEqual([expect.objectContaining({ type: 'rich_card' })]);
    const human = sessions.getStructuredResponse(await sessions.run({ sessionId, text: 'human' }));
    expect(human.transfers).toMatchObject([{ to: 'billing_agent' }]);
    const bye = sessions.getStructuredResponse(await sessions.run({ sessionId, text: 'bye' }));
    expect(bye.sessionEnded).toBe(true);
  });

  it('answers a client tool call and resumes history by conversation id', async () => {
    const sessionId = sessions.createSessionId();
    const asked = sessions.getStructuredResponse(await sessions.run({ sessionId, text: 'ticket' }));
    const call = asked.toolCalls.find((c) => c.origin === 'client')!;
    expect(call.name).toBe('open_ticket');
    const done = sessions.getStructuredResponse(
      await sessions.run({
        sessionId,
        toolResponses: [{ id: call.id, tool: 'open_ticket', response: { output: { ticket_id: 'T-3' } } }],
      }),
    );
    expect(done.text).toBe('Ticket T-3 is open.');
    await sessions.run({ sessionId, text: 'billing' });
    const resumed = sessions.getStructuredResponse(
      await sessions.run({ sessionId: sessions.createSessionId(), text: 'hello', historicalContexts: sessionId }),
    );
    expect(resumed.text).toBe('Billing can help with invoices and payments.');
  });
});

describe('a turn with a client tool round trip ↔ emulator', () => {
  // A route that calls a server tool, then a client tool: two requests, two root spans.
  const app = {
    app: 'projects/p/locations/us/apps/rounds',
    rootAgent: 'root',
    tools: { lookup: { response: { ok: true } }, open_ticket: { client: true } },
    agents: {
      root: {
        routes: [
          {
            on: { text: 'ticket' },
            do: [
              { call: { tool: 'lookup', args: {} } },
              { call: { tool: 'open_ticket', args: { p: 'high' } } },
              { say: 'Ticket ${tool.open_ticket.id} is open.' },
            ],
          },
        ],
      },
    },
  } as unknown as AppDefinition;

  it("keeps every round's root span: the route and the Tool span before the client call", async () => {
    const own = await startEmulator({ app, host: '127.0.0.1' });
    const client = new Sessions({ appName: own.appName, endpoint: own.address, insecure: true });
    try {
      expect(own.address).toMatch(/^127\.0\.0\.1:\d+$/);
      const sessionId = client.createSessionId();
      const turn = new TurnInProgress();
      const first = turn.add(await client.run({ sessionId, text: 'ticket' }));
      const call = first.pendingToolCalls[0]!;
      expect(call.name).toBe('open_ticket');
      turn.add(
        await client.run({ sessionId, toolResponses: [{ id: call.id, tool: 'open_ticket', response: { id: 'T-1' } }] }),
      );
      const result = turn.result([{ kind: 'text', text: 'ticket' }]);
      expect(result.text).toBe('Ticket T-1 is open.');
      const children = (s: Span | undefined) =>
        (s?.children ?? []).map((c) => `${c.name} ${String(c.attributes?.['name'] ?? c.attributes?.['route'] ?? '-')}`);
      expect(result.earlierRootSpans?.map(children)).toEqual([['Tool lookup', 'LLM root#1']]);
      expect(children(result.rootSpan)).toEqual(['Tool open_ticket', 'LLM -']);
      const spans = turnRootSpans(result);
      expect(result.latency.serverMs).toBeCloseTo(
        spans.reduce((ms, s) => ms + (s.durationMs ?? 0), 0),
        6,
      );
      // Coverage counts the route, as --min-coverage routes=1 needs.
      const inventory = { ...appInventory(app), routes: own.routes };
      const conversation = { id: 'c1', turns: [{ result }] } as unknown as ConversationResult;
      expect(computeCoverage(inventory, [conversation]).routes).toMatchObject({ covered: 1, total: 1 });
    } finally {
      client.close();
      await own.stop();
    }
  });
});

describe('an emulator on a private socket (run --emulator)', () => {
  // Windows ignores privateSocket and serves on TCP: the client is served either way, nothing skips.
  const unix = process.platform !== 'win32';

  it('serves the client over a Unix socket in a directory only its user can enter, removed at stop', async () => {
    const own = await startEmulator({ app: DEMO_APP, privateSocket: true });
    const client = new Sessions({ appName: APP, endpoint: own.address, insecure: true });
    const socket = own.address.replace(/^unix:/, '');
    try {
      if (unix) {
        expect(own.address).toMatch(/^unix:\/.*\/grpc\.sock$/);
        expect(statSync(socket).isSocket()).toBe(true);
        expect(statSync(path.dirname(socket)).mode & 0o777).toBe(0o700);
      } else {
        expect(own.address).toMatch(/^127\.0\.0\.1:\d+$/);
      }
      const reply = client.getStructuredResponse(
        await client.run({ sessionId: client.createSessionId(), text: 'plan' }),
      );
      expect(reply.payloads).toEqual([expect.objectContaining({ type: 'rich_card' })]);
    } finally {
      client.close();
      await own.stop();
    }
    if (unix) expect(existsSync(path.dirname(socket))).toBe(false);
  });

  it('many at once share one exit listener (no MaxListenersExceededWarning), none left once stopped', async () => {
    const before = process.listenerCount('exit');
    const warnings: string[] = [];
    const onWarning = (w: Error) => void warnings.push(w.name);
    process.on('warning', onWarning);
    const started = Array.from({ length: 12 }, () =>
      startEmulator({ app: DEMO_APP, privateSocket: true, websocket: false }),
    );
    const emulators = await Promise.all(started);
    try {
      expect(process.listenerCount('exit')).toBeLessThanOrEqual(before + 1);
    } finally {
      await Promise.all(emulators.map((e) => e.stop()));
      await new Promise((resolve) => setImmediate(resolve)); // a warning is emitted on the next tick
      process.off('warning', onWarning);
    }
    expect(process.listenerCount('exit')).toBe(before);
    expect(warnings).not.toContain('MaxListenersExceededWarning');
    if (unix) for (const e of emulators) expect(existsSync(path.dirname(e.address.slice('unix:'.length)))).toBe(false);
  });

  it('a process that exits without stop() leaves no socket directory behind', async () => {
    const entry = pathToFileURL(path.join(ROOT, 'dist/index.js')).href;
    const options = JSON.stringify({ app: DEMO_APP, privateSocket: true, websocket: false });
    const script = [
      `const { startEmulator } = await import(${JSON.stringify(entry)});`,
      `const started = await Promise.all([1, 2].map(() => startEmulator(${options})));`,
      'console.log(JSON.stringify(started.map((e) => e.address)));',
      'process.exit(0);',
    ].join('\n');
    const { stdout } = await promisify(execFile)(process.execPath, ['--input-type=module', '-e', script]);
    const addresses = JSON.parse(stdout) as string[];
    expect(addresses).toHaveLength(2);
    if (unix) for (const a of addresses) expect(existsSync(path.dirname(a.slice('unix:'.length)))).toBe(false);
  });
});
