// sessionOutput.context (a repeated Any the client never reads) over gRPC: it comes back as the
// declared { typeUrl, value }, whatever its type, and never fails the call.
import { describe, expect, it } from 'vitest';
import { useRecordingServer, type TestServer } from './server.js';
import type { Sessions } from '../../src/client/sessions.js';

let server: TestServer;
let sessions: Sessions;

useRecordingServer((s) => {
  server = s;
  sessions = s.sessions();
});

const UNKNOWN = 'type.googleapis.com/google.cloud.ces.v1.SupervisionContext';

describe('sessionOutput.context over gRPC', () => {
  it('keeps each Any as { typeUrl, value }, a type the client does not know included', async () => {
    // The server's proto-loader object: protobufjs' bundled Any names its first field `type_url`.
    const context = [{ type_url: UNKNOWN, value: Buffer.from([8, 1]) }];
    server.handlers.runSession = () => ({
      outputs: [
        { text: 'hi', turnIndex: 1, context },
        { turnCompleted: true, turnIndex: 1 },
      ],
    });
    const res = await sessions.run({ sessionId: 'session-12345', text: 'hello' });
    expect(res.outputs[0]!.text).toBe('hi');
    expect(res.outputs[0]!.context).toEqual([{ typeUrl: UNKNOWN, value: Buffer.from([8, 1]) }]);
  });
});
