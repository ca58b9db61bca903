// An independent check of the client's WebSocket frames: a recording proxy sits between the
// client and the emulator and every frame is parsed strictly (no unknown keys, one oneof member)
// with the proto3 JSON parser built from Google's protos.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket, { WebSocketServer } from 'ws';
import type { AddressInfo } from 'node:net';
import { startEmulator, type BridgedEmulator } from '../../src/emulator/index.js';
import { loadCesProtos } from '../../src/client/proto/load.js';
import { fromProto3Json, toProto3Json } from '../../src/client/proto/json.js';
import { Sessions } from '../../src/client/sessions.js';
import type { JsonObject } from '../../src/model/json.js';
import { DEMO_APP, wav } from './helpers.js';

let emu: BridgedEmulator;
let proxy: WebSocketServer;
const frames: string[] = [];
beforeAll(async () => {
  emu = await startEmulator({ app: DEMO_APP });
  proxy = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  proxy.on('connection', (client, req) => {
    const upstream = new WebSocket(`${emu.wsUrl}${req.url ?? ''}`, {
      headers: { Authorization: req.headers.authorization ?? '' },
    });
    const pending: string[] = [];
    upstream.on('open', () => pending.splice(0).forEach((f) => upstream.send(f)));
    client.on('message', (data) => {
      const text = (data as Buffer).toString('utf8');
      frames.push(text);
      if (upstream.readyState === WebSocket.OPEN) upstream.send(text);
      else pending.push(text);
    });
    upstream.on('message', (data) => client.send((data as Buffer).toString('utf8')));
    upstream.on('close', (code, reason) => client.close(code === 1005 ? 1000 : code, reason));
    client.on('close', () => upstream.close());
  });
  await new Promise((resolve) => proxy.once('listening', resolve));
});
afterAll(async () => {
  proxy?.close();
  await emu?.stop();
});

describe('client WebSocket frames', () => {
  it('are canonical proto3 JSON: config first, one oneof member per input, audio never with variables', async () => {
    const port = (proxy.address() as AddressInfo).port;
    const sessions = new Sessions({
      appName: emu.appName,
      endpoint: emu.address,
      insecure: true,
      websocketEndpoint: `ws://127.0.0.1:${port}`,
      audio: { pacing: 'fast' },
    });
    await sessions.run({
      sessionId: sessions.createSessionId(),
      modality: 'audio',
      audio: await wav('balance'),
      variables: { account_id: 'A1' },
      dtmf: '1234#',
      event: 'WELCOME',
      historicalContexts: [{ user: 'hi' }],
    });
    sessions.close();
    const Client = loadCesProtos('v1').lookupType('BidiSessionClientMessage');
    const parsed = frames.map((f) => JSON.parse(f) as JsonObject);
    expect(Object.keys(parsed[0]!)).toEqual(['config']);
    expect((parsed[0]!['config'] as JsonObject)['inputAudioConfig']).toEqual({
      audioEncoding: 'LINEAR16',
      sampleRateHertz: 16000,
    });
    for (const frame of parsed) {
      const strict = fromProto3Json(Client, frame); // throws on unknown keys and double oneofs
      expect(toProto3Json(Client, strict)).toEqual(frame); // canonical: re-serialises identically
      const input = frame['realtimeInput'] as JsonObject | undefined;
      if (input) expect(Object.keys(input).filter((k) => k !== 'willContinue')).toHaveLength(1);
    }
    const kinds = parsed.slice(1).map((f) => Object.keys(f['realtimeInput'] as JsonObject)[0]);
    // Silence keeps flowing while a turn is processed, so audio frames sit between the others.
    expect(kinds.filter((k) => k !== 'audio')).toEqual(['variables', 'dtmf', 'event']);
    expect(kinds.filter((k) => k === 'audio').length).toBeGreaterThan(10);
    const audio = parsed.find((f) => (f['realtimeInput'] as JsonObject | undefined)?.['audio']);
    expect((audio!['realtimeInput'] as JsonObject)['audio']).toMatch(/^[A-Za-z0-9+/]+={0,2}$/);
  });
});
