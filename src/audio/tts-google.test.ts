import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rejectionOf } from '../../test/helpers/rejection.js';
import { AudioError } from './errors.js';
import { createSynthesizer } from './tts.js';
import { tokenSource } from './tts-google.js';
import { encodeWav } from './wav.js';

interface Seen {
  url?: string;
  method?: string;
  headers: IncomingMessage['headers'];
  body: unknown;
}
let server: Server;
let baseUrl: string;
let seen: Seen[] = [];
let reply: (res: ServerResponse) => void = () => undefined;

beforeAll(async () => {
  server = createServer((req, res) => {
    const parts: Buffer[] = [];
    req.on('data', (b: Buffer) => parts.push(b));
    req.on('end', () => {
      seen.push({
        url: req.url,
        method: req.method,
        headers: req.headers,
        body: JSON.parse(Buffer.concat(parts).toString('utf8')) as unknown,
      });
      reply(res);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const json =
  (status: number, body: unknown) =>
  (res: ServerResponse): void => {
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body));
  };
// Samples louder than the silence threshold (energy.ts): silent audio is refused (tts.ts).
const pcm = Buffer.from([1, 4, 2, 8, 3, 12, 4, 16]);

const rejection = (p: Promise<unknown>): Promise<AudioError> => rejectionOf(p, AudioError);

describe('GoogleSynthesizer (against a local server)', () => {
  it('posts text:synthesize with the bearer token and decodes the WAV audioContent', async () => {
    seen = [];
    reply = json(200, { audioContent: encodeWav(pcm, { sampleRateHertz: 24000 }).toString('base64') });
    const synth = createSynthesizer({
      synthesizer: 'google',
      credentials: { token: 'tok-123' },
      baseUrl: `${baseUrl}/`,
      quotaProject: 'my-proj',
    });
    expect(synth.name).toBe('google');
    expect(await synth.synthesize('Hello there', { sampleRateHertz: 24000 })).toEqual(pcm);
    expect(seen).toHaveLength(1);
    expect(seen[0]?.method).toBe('POST');
    expect(seen[0]?.url).toBe('/v1/text:synthesize');
    expect(seen[0]?.headers.authorization).toBe('Bearer tok-123');
    expect(seen[0]?.headers['x-goog-user-project']).toBe('my-proj');
    expect(seen[0]?.body).toEqual({
      input: { text: 'Hello there' },
      voice: { languageCode: 'en-US' },
      audioConfig: { audioEncoding: 'LINEAR16', sampleRateHertz: 24000 },
    });
  });

  it('sends the configured voice and language, per call overriding the config', async () => {
    seen = [];
    reply = json(200, { audioContent: encodeWav(pcm, { sampleRateHertz: 16000 }).toString('base64') });
    const synth = createSynthesizer({
      synthesizer: 'google',
      credentials: { token: 't' },
      baseUrl,
      voice: 'en-GB-Neural2-A',
      languageCode: 'en-GB',
    });
    await synth.synthesize('a', { sampleRateHertz: 16000 });
    await synth.synthesize('b', { sampleRateHertz: 16000, languageCode: 'fr-FR', voice: 'fr-FR-Wavenet-B' });
    expect(seen.map((s) => (s.body as { voice: unknown }).voice)).toEqual([
      { languageCode: 'en-GB', name: 'en-GB-Neural2-A' },
      { languageCode: 'fr-FR', name: 'fr-FR-Wavenet-B' },
    ]);
  });

  it('resamples when the service answers at another rate', async () => {
    reply = json(200, {
      audioContent: encodeWav(Buffer.alloc(3200, 0x40), { sampleRateHertz: 16000 }).toString('base64'),
    });
    const out = await createSynthesizer({ synthesizer: 'google', credentials: { token: 't' }, baseUrl }).synthesize(
      'a',
      { sampleRateHertz: 8000 },
    );
    expect(out.length).toBe(1600);
  });

  it('refuses audio that is silent (text that speaks as nothing) with BAD_AUDIO', async () => {
    reply = json(200, { audioContent: encodeWav(Buffer.alloc(3200), { sampleRateHertz: 16000 }).toString('base64') });
    const synth = createSynthesizer({ synthesizer: 'google', credentials: { token: 't' }, baseUrl });
    const err = await rejection(synth.synthesize('...', { sampleRateHertz: 16000 }));
    expect([err.code, err.message]).toEqual([
      'BAD_AUDIO',
      '"..." speaks as silence: no sample of the synthesised audio is louder than the silence threshold ' +
        '(about -54 dBFS), so nothing would be heard; write words to say',
    ]);
  });

  it('raises SYNTHESIS_FAILED with the status and the API message, never the token', async () => {
    reply = json(403, {
      error: {
        code: 403,
        message: 'Cloud Text-to-Speech API has not been used in project 42',
        status: 'PERMISSION_DENIED',
      },
    });
    const e = await rejection(
      createSynthesizer({ synthesizer: 'google', credentials: { token: 'secret-token' }, baseUrl }).synthesize('a', {
        sampleRateHertz: 16000,
      }),
    );
    expect(e.code).toBe('SYNTHESIS_FAILED');
    expect(e.message).toBe(
      'Text-to-Speech returned HTTP 403: PERMISSION_DENIED: Cloud Text-to-Speech API has not been used in project 42',
    );
    expect(e.message).not.toContain('secret-token');
  });

  it('raises SYNTHESIS_FAILED for a non-JSON error body and for a missing audioContent', async () => {
    reply = (res) => {
      res.writeHead(502);
      res.end('bad gateway\nmore');
    };
    const synth = createSynthesizer({ synthesizer: 'google', credentials: { token: 't' }, baseUrl });
    expect((await rejection(synth.synthesize('a', { sampleRateHertz: 16000 }))).message).toBe(
      'Text-to-Speech returned HTTP 502: bad gateway',
    );
    reply = json(200, {});
    expect((await rejection(synth.synthesize('a', { sampleRateHertz: 16000 }))).message).toBe(
      'Text-to-Speech response has no audioContent',
    );
  });

  it('raises SYNTHESIS_FAILED when the server cannot be reached', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const e = await rejection(
      createSynthesizer({
        synthesizer: 'google',
        credentials: { token: 't' },
        baseUrl: `http://127.0.0.1:${port}`,
      }).synthesize('a', { sampleRateHertz: 16000 }),
    );
    expect(e.message).toMatch(
      new RegExp(`^Text-to-Speech request to http://127.0.0.1:${port}/v1/text:synthesize failed: `),
    );
  });
});

describe('tokenSource', () => {
  it('prefers an explicit client, then a raw token, then CXAS_OAUTH_TOKEN', async () => {
    const client = { getAccessToken: () => Promise.resolve({ token: 'from-client' }) };
    expect(await tokenSource(client as never)()).toBe('from-client');
    expect(await tokenSource({ token: 'raw' })()).toBe('raw');
    const saved = process.env.CXAS_OAUTH_TOKEN;
    process.env.CXAS_OAUTH_TOKEN = 'from-env';
    try {
      expect(await tokenSource(undefined)()).toBe('from-env');
    } finally {
      if (saved === undefined) delete process.env.CXAS_OAUTH_TOKEN;
      else process.env.CXAS_OAUTH_TOKEN = saved;
    }
  });

  it('turns a credentials failure into SYNTHESIS_FAILED', async () => {
    const client = { getAccessToken: () => Promise.reject(new Error('invalid_grant')) };
    const e = await rejection(
      createSynthesizer({ synthesizer: 'google', credentials: client as never, baseUrl }).synthesize('a', {
        sampleRateHertz: 16000,
      }),
    );
    expect(e.message).toBe('could not get an access token for Text-to-Speech: invalid_grant');
  });
});
