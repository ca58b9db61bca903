// `cxas-eval chat`'s loop against the recording server: commands, output and error reporting.
import * as grpc from '@grpc/grpc-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { APP, echoReply, grpcError, startRecordingServer, type TestServer } from './server.js';
import { runChat } from '../../src/cli/chat-session.js';
import { parseChatLine } from '../../src/cli/chat-commands.js';

let server: TestServer;

beforeAll(async () => {
  server = await startRecordingServer();
});
afterAll(() => server.stop());

function io(items: string[], out: string[], errors: string[]) {
  const queue = [...items];
  return {
    write: (t: string) => void out.push(t),
    error: (t: string) => void errors.push(t),
    read: async () => queue.shift(),
  };
}

describe('chat', () => {
  it('parses text and commands', () => {
    expect(parseChatLine('  hi there ')).toEqual({
      kind: 'turn',
      turn: { text: 'hi there' },
      input: { kind: 'text', text: 'hi there' },
    });
    expect(parseChatLine('/event WELCOME')).toEqual({
      kind: 'turn',
      turn: { event: 'WELCOME' },
      input: { kind: 'event', event: 'WELCOME' },
    });
    expect(parseChatLine('/dtmf 12#')).toEqual({
      kind: 'turn',
      turn: { dtmf: '12#' },
      input: { kind: 'dtmf', digits: '12#' },
    });
    expect(parseChatLine('/vars {"a":1}')).toEqual({
      kind: 'turn',
      turn: { variables: { a: 1 } },
      input: { kind: 'variables', variables: { a: 1 } },
    });
    expect(parseChatLine('/save book a table')).toEqual({ kind: 'save', name: 'book a table' });
    expect(parseChatLine('/quit')).toEqual({ kind: 'quit' });
    expect(parseChatLine('   ')).toBeUndefined();
    expect(() => parseChatLine('/vars [1]')).toThrow('/vars needs a JSON object, got [1]');
    expect(() => parseChatLine('/nope')).toThrow(
      'unknown chat command /nope: use /event /dtmf /vars /blob /history /save /reset /quit /help',
    );
  });

  it('runs each line as a turn of one session and prints it; errors are reported and counted', async () => {
    server.requests.length = 0;
    const out: string[] = [];
    const errors: string[] = [];
    let calls = 0;
    server.handlers.runSession = (req) => (++calls === 2 ? grpcError(grpc.status.UNAVAILABLE, 'busy') : echoReply(req));
    try {
      const lines = ['hello', 'again', '/bogus', 'bye', '/quit', 'never sent'];
      const failures = await runChat(server.sessions(), io(lines, out, errors), {
        base: { useToolFakes: true },
        format: 'plain',
        target: 'test server',
      });
      expect(failures).toBe(2);
      const sessions = new Set(server.requests.map((r) => r.request.config.session));
      expect(sessions.size).toBe(1);
      expect([...sessions][0]).toMatch(new RegExp(`^${APP}/sessions/`));
      expect(server.requests.map((r) => r.request.inputs[0].text)).toEqual(['hello', 'again', 'bye']);
      expect(server.requests.every((r) => r.request.config.useToolFakes === true)).toBe(true);
      expect(out.slice(1)).toEqual([
        'USER QUERY: hello\nAGENT RESPONSE: [root_agent] echo: hello\n',
        'USER QUERY: bye\nAGENT RESPONSE: [root_agent] echo: bye\n',
      ]);
      expect(errors[0]).toMatch(/^error \[UNAVAILABLE\]: runSession .* failed with UNAVAILABLE: busy\n$/);
      expect(errors[1]).toBe(
        'error: unknown chat command /bogus: use /event /dtmf /vars /blob /history /save /reset /quit /help\n',
      );
    } finally {
      server.handlers.runSession = echoReply;
    }
  });
});
