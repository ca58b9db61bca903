// Fidelity as an independent client sees it: decode straight from Google's protos (raw grpc-js
// objects, raw WebSocket text) and check the wire shape, not what our converter thinks of it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as grpc from '@grpc/grpc-js';
import protobuf from 'protobufjs';
import { startEmulator, type BridgedEmulator } from '../../src/emulator/index.js';
import { loadCesProtos } from '../../src/client/proto/load.js';
import { fromProto3Json, toProto3Json } from '../../src/client/proto/json.js';
import { DEMO_APP, newSession } from './helpers.js';
import { openWs } from './ws-helpers.js';
import type { JsonObject, JsonValue } from '../../src/model/json.js';

let emu: BridgedEmulator;
beforeAll(async () => {
  emu = await startEmulator({ app: DEMO_APP });
});
afterAll(async () => {
  await emu?.stop();
});

const p = loadCesProtos('v1');
const RESPONSE = p.lookupType('RunSessionResponse');
const SERVER_MESSAGE = p.lookupType('BidiSessionServerMessage');

interface RawOutput {
  turnIndex?: number;
  turnCompleted?: boolean;
  diagnosticInfo?: {
    messages?: Array<{ role: string; chunks?: Array<{ data?: string }> }>;
    rootSpan?: { name: string; childSpans?: Array<{ name: string }> };
  };
}

function rawRunSession(request: object): Promise<{ outputs?: RawOutput[] }> {
  const client = new p.SessionService(emu.address, grpc.credentials.createInsecure()) as unknown as Record<
    string,
    (r: object, cb: (e: Error | null, r: unknown) => void) => void
  >;
  return new Promise((resolve, reject) =>
    client['runSession']!.call(client, request, (e, r) => {
      (client as unknown as grpc.Client).close();
      return e ? reject(e) : resolve(r as { outputs?: RawOutput[] });
    }),
  );
}

/** Every output of a turn carries its index; only the last completes it, with diagnosticInfo. */
function checkTurn(outputs: RawOutput[], turnIndex: number): void {
  expect(outputs.length).toBeGreaterThan(0);
  outputs.forEach((o, i) => {
    expect(o.turnIndex).toBe(turnIndex);
    const last = i === outputs.length - 1;
    expect(o.turnCompleted === true).toBe(last);
    expect(o.diagnosticInfo !== undefined).toBe(last);
  });
}

/** Strict canonical proto3 JSON check against Google's descriptors, independent of json.ts. */
function checkCanonical(type: protobuf.Type, json: JsonValue, where: string): void {
  expect(json !== null && typeof json === 'object' && !Array.isArray(json), where).toBe(true);
  const obj = json as JsonObject;
  for (const oneof of type.oneofsArray)
    expect(oneof.oneof.filter((n) => n in obj).length, `${where} oneof ${oneof.name}`).toBeLessThanOrEqual(1);
  for (const [key, value] of Object.entries(obj)) {
    const field = type.fields[key];
    expect(field, `${where}: unknown key "${key}"`).toBeDefined();
    const values = field!.repeated ? (value as JsonValue[]) : [value];
    for (const v of values) checkValue(field!, v, `${where}.${key}`);
  }
}

function checkValue(field: protobuf.Field, v: JsonValue, where: string): void {
  const name = field.resolvedType?.fullName;
  if (name === '.google.protobuf.Struct') {
    expect(v && typeof v === 'object' && !('fields' in v), `${where}: Struct must be plain JSON`).toBe(true);
  } else if (name === '.google.protobuf.Duration') {
    expect(v, where).toMatch(/^-?\d+(\.\d{3}|\.\d{6}|\.\d{9})?s$/);
  } else if (name === '.google.protobuf.Timestamp') {
    expect(v, where).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{3}|\.\d{6}|\.\d{9})?Z$/);
  } else if (field.resolvedType instanceof protobuf.Type) {
    checkCanonical(field.resolvedType, v, where);
  }
}

describe('independent client: gRPC RunSession', () => {
  it('turnIndex on every output, turnCompleted only on the last, chunks and spans present', async () => {
    const session = newSession('indep');
    const welcome = await rawRunSession({ config: { session }, inputs: [{ event: { event: 'WELCOME' } }] });
    checkTurn(welcome.outputs!, 1);
    await rawRunSession({ config: { session }, inputs: [{ dtmf: '1234#' }] });
    const balance = await rawRunSession({ config: { session }, inputs: [{ text: 'balance' }] });
    checkTurn(balance.outputs!, 3);
    const info = balance.outputs!.at(-1)!.diagnosticInfo!;
    expect(info.messages![0]!.role).toBe('user');
    expect(info.messages![1]!.chunks!.map((c) => c.data)).toEqual(['toolCall', 'toolResponse', 'text']);
    expect(info.rootSpan!.name).toBe('root');
    expect(info.rootSpan!.childSpans!.map((s) => s.name)).toEqual(['Tool', 'LLM']);

    const transfer = await rawRunSession({ config: { session }, inputs: [{ text: 'billing' }] });
    checkTurn(transfer.outputs!, 4);
    expect(transfer.outputs!.at(-1)!.diagnosticInfo!.messages![1]!.chunks!.map((c) => c.data)).toEqual([
      'agentTransfer',
    ]);
  });

  it('fromProto3Json(toProto3Json(x)) re-serialises binary-identically', async () => {
    const session = newSession('indep');
    for (const inputs of [
      [{ event: { event: 'WELCOME' } }] as JsonObject[],
      [{ text: 'open a ticket' }],
      [{ text: 'plan' }],
      [{ dtmf: '1234#' }],
      [{ text: 'bye' }],
    ]) {
      const res = await rawRunSession({ config: { session }, inputs });
      const bytes = Buffer.from(RESPONSE.encode(RESPONSE.fromObject(res)).finish());
      const again = fromProto3Json(RESPONSE, JSON.parse(JSON.stringify(toProto3Json(RESPONSE, res))));
      expect(Buffer.from(RESPONSE.encode(RESPONSE.fromObject(again)).finish()).equals(bytes)).toBe(true);
    }
  });
});

describe('independent client: WebSocket frames', () => {
  it('every frame is canonical proto3 JSON with no virtual keys', async () => {
    const h = await openWs(emu.wsUrl);
    h.send({ config: { session: newSession('indep') } });
    let turnIndex = 0;
    for (const input of <JsonObject[]>[
      { event: { event: 'WELCOME' } },
      { dtmf: '1234#' },
      { text: 'balance' },
      { text: 'show me the plan' },
      { text: 'ticket' },
      { text: 'human' },
      { text: 'bye' },
    ]) {
      h.send({ realtimeInput: input });
      const messages = await h.untilTurnCompleted();
      turnIndex++;
      checkTurn(
        messages.map((m) => m['sessionOutput'] as RawOutput),
        turnIndex,
      );
    }
    await h.closed;
    expect(h.frames.length).toBeGreaterThan(14);
    for (const frame of h.frames) {
      expect(frame).not.toMatch(/"(outputType|messageType|data|kind|toolIdentifier)"\s*:\s*"/);
      checkCanonical(SERVER_MESSAGE, JSON.parse(frame) as JsonValue, 'frame');
      // Stable under a strict parse and re-print: the frame is already canonical.
      expect(JSON.stringify(toProto3Json(SERVER_MESSAGE, fromProto3Json(SERVER_MESSAGE, JSON.parse(frame))))).toBe(
        frame,
      );
    }
    const withArgs = h.frames.find((f) => f.includes('"toolCalls"'))!;
    expect(withArgs).toContain('"args":{"priority":"high","summary":"ticket"}');
  });
});
