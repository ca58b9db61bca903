import { describe, expect, it, vi } from 'vitest';
import { loadCesProtos } from './load.js';
import { fromWireStruct, toWireStruct } from './struct.js';

describe('loadCesProtos', () => {
  it('loads the v1 and v1beta SessionService and AgentService from google-proto-files', () => {
    for (const v of ['v1', 'v1beta'] as const) {
      const p = loadCesProtos(v);
      expect(Object.keys(p.SessionService.service)).toEqual(
        expect.arrayContaining(['RunSession', 'StreamRunSession', 'BidiRunSession']),
      );
      expect(p.SessionService.service.RunSession!.path).toBe(`/google.cloud.ces.${v}.SessionService/RunSession`);
      expect(p.AgentService.service.GetConversation!.path).toBe(`/google.cloud.ces.${v}.AgentService/GetConversation`);
      expect(p.lookupType('SessionInput').oneofs!['inputType']!.oneof).toContain('event');
    }
  });

  it('gives a client SessionService alone, and AgentService with its types on first use', async () => {
    vi.resetModules(); // a fresh cache: other tests here load the full set
    const fresh = await import('./load.js');
    const p = fresh.loadSessionProtos('v1');
    expect(p.SessionService.service.RunSession!.path).toBe('/google.cloud.ces.v1.SessionService/RunSession');
    expect(p.root.lookup('google.cloud.ces.v1.Conversation')).toBeNull();
    expect(p.lookupType('SessionInput').root).toBe(p.root);
    expect(p.lookupType('Conversation').fullName).toBe('.google.cloud.ces.v1.Conversation');
    expect(p.AgentService.service.GetConversation!.path).toBe('/google.cloud.ces.v1.AgentService/GetConversation');
    expect(p.AgentService).toBe(fresh.loadCesProtos('v1').AgentService);
    // Once the full set is loaded (an in-process emulator, say), new clients use it.
    expect(fresh.loadSessionProtos('v1')).toBe(fresh.loadCesProtos('v1'));
  });

  it('round-trips a Struct through the binary encoding in wire form', () => {
    const p = loadCesProtos('v1');
    const value = { customer_id: '42', vip: true, n: 3, tags: ['a'], nested: { x: null } };
    const req = {
      config: { session: 'projects/p/locations/us/apps/a/sessions/s-12345' },
      inputs: [{ variables: toWireStruct(value) }],
    };
    const ser = p.SessionService.service.RunSession!.requestSerialize(req);
    const back = p.SessionService.service.RunSession!.requestDeserialize(ser) as {
      inputs: Array<{ variables: never }>;
    };
    expect(fromWireStruct(back.inputs[0]!.variables)).toEqual(value);
  });
});

describe('RetryInfo status details', () => {
  it('encodes and decodes a retry delay', async () => {
    const { encodeRetryStatus, decodeRetryDelayMs } = await import('./status.js');
    const bin = encodeRetryStatus(8, 'quota', 1250);
    expect(decodeRetryDelayMs(bin)).toBe(1250);
    expect(decodeRetryDelayMs(bin.toString('base64'))).toBe(1250);
    expect(decodeRetryDelayMs(Buffer.from([1, 2, 3]))).toBeUndefined();
  });
});
