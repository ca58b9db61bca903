// streamRunSession: server streaming, each output delivered as it arrives, time to first output measured.
import { describe, expect, it } from 'vitest';
import { APP, useRecordingServer, type TestServer } from './server.js';
import type { SessionOutput, Sessions } from '../../src/client/sessions.js';

let server: TestServer;
let sessions: Sessions;
const SID = 'session-12345';

useRecordingServer((s) => {
  server = s;
  sessions = s.sessions();
});

describe('streamRunSession', () => {
  it('streams outputs, records firstOutputMs and sends the routing header', async () => {
    const seen: SessionOutput[] = [];
    const res = await sessions.streamRunSession({ sessionId: SID, text: ['one', 'two'] }, (o) => seen.push(o));
    const streamed = server.requests.filter((r) => r.method === 'streamRunSession');
    expect(streamed).toHaveLength(2);
    expect(streamed[0]!.metadata.get('x-goog-request-params')).toEqual([`config.session=${APP}/sessions/${SID}`]);
    expect(seen.map((o) => o.text)).toEqual(['echo: one', undefined, 'echo: two', undefined]);
    expect(res.outputs).toEqual(seen);
    expect(res.calls.map((c) => c.outputCount)).toEqual([2, 2]);
    for (const call of res.calls) {
      expect(call.firstOutputMs).toBeGreaterThanOrEqual(0);
      expect(call.firstOutputMs!).toBeLessThanOrEqual(call.latencyMs);
    }
  });

  it('run({stream: true}) uses StreamRunSession and strips virtual oneof keys', async () => {
    server.requests.length = 0;
    const res = await sessions.run({ sessionId: SID, text: 'x', stream: true });
    expect(server.requests.map((r) => r.method)).toEqual(['streamRunSession']);
    expect(res.outputs[0]).toEqual({ text: 'echo: x', turnIndex: 1 });
    expect(JSON.stringify(res.outputs)).not.toContain('outputType');
  });
});
