import { describe, expect, it } from 'vitest';
import { loadCesProtos } from './load.js';
import { fromProto3Json, toProto3Json, ProtoJsonError, durationFromMs } from './json.js';
import { toWireStruct } from './struct.js';

const v1 = loadCesProtos('v1');
const T = (name: string) => v1.lookupType(name);
const encode = (name: string, obj: object) => Buffer.from(T(name).encode(T(name).fromObject(obj)).finish());
const viaGrpcDecode = (name: string, obj: object) =>
  T(name).toObject(T(name).decode(encode(name, obj)), { longs: String, enums: String, oneofs: true });

const diagnostic = {
  turnCompleted: true,
  turnIndex: 2,
  diagnosticInfo: {
    messages: [
      { role: 'user', chunks: [{ text: 'hi' }] },
      {
        role: 'root_agent',
        chunks: [
          {
            toolCall: {
              id: 'c1',
              tool: 'projects/p/locations/us/apps/a/tools/t',
              displayName: 't',
              args: toWireStruct({ account: '9' }),
            },
          },
          { agentTransfer: { targetAgent: 'projects/p/locations/us/apps/a/agents/billing', displayName: 'billing' } },
          { updatedVariables: toWireStruct({ x: 1, nested: { y: [true, null] } }) },
        ],
      },
    ],
    rootSpan: {
      name: 'root',
      startTime: { seconds: '1767323045', nanos: 123000000 },
      duration: { seconds: '1', nanos: 500000000 },
    },
  },
};

describe('toProto3Json', () => {
  it('emits canonical JSON: Struct plain, Timestamp RFC 3339, Duration "1.5s", no virtual oneof keys', () => {
    const json = toProto3Json(T('SessionOutput'), viaGrpcDecode('SessionOutput', diagnostic));
    expect(json).toEqual({
      turnIndex: 2,
      turnCompleted: true,
      diagnosticInfo: {
        messages: [
          { role: 'user', chunks: [{ text: 'hi' }] },
          {
            role: 'root_agent',
            chunks: [
              {
                toolCall: {
                  id: 'c1',
                  tool: 'projects/p/locations/us/apps/a/tools/t',
                  displayName: 't',
                  args: { account: '9' },
                },
              },
              {
                agentTransfer: { targetAgent: 'projects/p/locations/us/apps/a/agents/billing', displayName: 'billing' },
              },
              { updatedVariables: { x: 1, nested: { y: [true, null] } } },
            ],
          },
        ],
        rootSpan: { name: 'root', startTime: '2026-01-02T03:04:05.123Z', duration: '1.500s' },
      },
    });
    expect(JSON.stringify(json)).not.toMatch(/outputType|"data"|"kind"|toolIdentifier/);
  });

  it('emits bytes as base64, enums by name, empty messages as {}', () => {
    const cfg = { config: { session: 's', inputAudioConfig: { audioEncoding: 'LINEAR16', sampleRateHertz: 16000 } } };
    expect(toProto3Json(T('BidiSessionClientMessage'), viaGrpcDecode('BidiSessionClientMessage', cfg))).toEqual(cfg);
    expect(toProto3Json(T('SessionInput'), { audio: Buffer.from([1, 2, 3, 255]) })).toEqual({ audio: 'AQID/w==' });
    expect(toProto3Json(T('BidiSessionServerMessage'), { goAway: {} })).toEqual({ goAway: {} });
    expect(toProto3Json(T('SessionOutput'), { endSession: {}, turnIndex: 3 })).toEqual({
      turnIndex: 3,
      endSession: {},
    });
  });

  it('omits default scalars but keeps a oneof member set to its default', () => {
    expect(toProto3Json(T('SessionOutput'), { turnCompleted: false, turnIndex: 0, text: '' })).toEqual({ text: '' });
  });

  it('refuses a plain object where a wire-form Struct belongs (it would silently print as {})', () => {
    expect(() => toProto3Json(T('SessionInput'), { variables: { a: 1 } })).toThrow(
      'SessionInput.variables: expected a wire-form Struct {fields: …}, ' +
        'found key "a" (convert plain JSON with toWireStruct)',
    );
  });

  it('rejects two members of one oneof', () => {
    expect(() => toProto3Json(T('SessionInput'), { text: 'a', dtmf: '1' })).toThrow(
      /"text" and "dtmf" are members of oneof "inputType"/,
    );
  });

  it('formats durations with 0, 3, 6 or 9 fractional digits', () => {
    expect(durationFromMs(12)).toBe('0.012s');
    expect(durationFromMs(1000)).toBe('1s');
    expect(durationFromMs(0.0123)).toBe('0.000012300s');
    expect(durationFromMs(1.5)).toBe('0.001500s');
  });
});

describe('fromProto3Json', () => {
  it('re-serialises binary-identically after a JSON round trip', () => {
    const samples: Array<[string, object]> = [
      ['SessionOutput', diagnostic],
      [
        'SessionInput',
        { variables: toWireStruct({ customer_id: '42', vip: true, n: 3, tags: ['a'], nested: { x: null } }) },
      ],
      ['SessionInput', { audio: Buffer.from([1, 2, 3, 255]) }],
      ['BidiSessionServerMessage', { goAway: {} }],
      ['BidiSessionServerMessage', { endSession: { metadata: toWireStruct({ reason: 'escalation' }) } }],
      [
        'RunSessionRequest',
        {
          config: {
            session: 's',
            useToolFakes: true,
            entryAgent: 'a',
            historicalContexts: [{ role: 'user', chunks: [{ text: 'x' }] }],
          },
          inputs: [{ event: { event: 'welcome' } }],
        },
      ],
    ];
    for (const [name, obj] of samples) {
      const decoded = viaGrpcDecode(name, obj);
      const back = fromProto3Json(T(name), JSON.parse(JSON.stringify(toProto3Json(T(name), decoded))));
      expect(encode(name, back).equals(encode(name, obj)), name).toBe(true);
    }
  });

  it('accepts snake_case names and URL-safe unpadded base64', () => {
    const obj = fromProto3Json(T('BidiSessionClientMessage'), {
      realtime_input: { audio: '-_8', will_continue: true },
    });
    expect(obj).toEqual({ realtimeInput: { audio: Buffer.from([0xfb, 0xff]), willContinue: true } });
  });

  it('parses Timestamp, Duration and enum numbers', () => {
    const span = fromProto3Json(T('Span'), { startTime: '2026-01-02T03:04:05.5+01:00', duration: '-1.25s' });
    expect(span).toEqual({
      startTime: { seconds: String(Date.parse('2026-01-02T02:04:05Z') / 1000), nanos: 500000000 },
      duration: { seconds: '-1', nanos: -250000000 },
    });
    expect(fromProto3Json(T('InputAudioConfig'), { audioEncoding: 2 })).toEqual({ audioEncoding: 'MULAW' });
  });

  it('rejects unknown keys unless ignoreUnknown, and two oneof members always', () => {
    expect(() => fromProto3Json(T('SessionOutput'), { outputType: 'text', text: 'x' })).toThrow(ProtoJsonError);
    expect(() => fromProto3Json(T('SessionOutput'), { outputType: 'text', text: 'x' })).toThrow(
      'SessionOutput: unknown field "outputType" in google.cloud.ces.v1.SessionOutput',
    );
    expect(fromProto3Json(T('SessionOutput'), { outputType: 'text', text: 'x' }, { ignoreUnknown: true })).toEqual({
      text: 'x',
    });
    expect(() => fromProto3Json(T('SessionInput'), { text: 'a', dtmf: '1' })).toThrow(
      'SessionInput: "text" and "dtmf" are members of oneof "inputType"; set only one',
    );
  });

  it('names the path of a type error', () => {
    expect(() => fromProto3Json(T('RunSessionRequest'), { inputs: [{ event: { event: 7 } }] })).toThrow(
      'RunSessionRequest.inputs[0].event.event: expected a string, got 7',
    );
    expect(() => fromProto3Json(T('Span'), { duration: '5 seconds' })).toThrow(/Span.duration: expected a duration/);
    expect(() => fromProto3Json(T('InputAudioConfig'), { audioEncoding: 'MP3' })).toThrow(/not a value of enum/);
  });

  it('converts Any by its @type', () => {
    const root = T('SessionOutput').root;
    const Span = root.lookupType('google.cloud.ces.v1.Span');
    const any = {
      type_url: 'type.googleapis.com/google.cloud.ces.v1.Span',
      value: Span.encode(Span.fromObject({ name: 'x' })).finish(),
    };
    const json = toProto3Json(T('SessionOutput'), { context: [any] });
    expect(json).toEqual({ context: [{ '@type': 'type.googleapis.com/google.cloud.ces.v1.Span', name: 'x' }] });
    const back = fromProto3Json(T('SessionOutput'), json);
    expect(encode('SessionOutput', back).equals(encode('SessionOutput', { context: [any] }))).toBe(true);
  });
});
