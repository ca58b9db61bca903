// Google Cloud Text-to-Speech over REST (v1 text:synthesize), LINEAR16 at the requested rate.
// Unlike the Python reference (docs/scrapi-compatibility.md §1) the voice is configurable, nothing is
// swallowed (every failure is SYNTHESIS_FAILED naming the HTTP status and the API's message),
// and the bearer token never appears in an error.
import type { AuthClient, GoogleAuthOptions } from 'google-auth-library';
import { AudioError } from './errors.js';
import type { SynthesizeOptions, Synthesizer, TtsCredentials } from './tts.js';
import { decodeWav } from './wav.js';
import { resample } from './codec.js';

const GOOGLE_TTS_BASE_URL = 'https://texttospeech.googleapis.com';
const SCOPE = 'https://www.googleapis.com/auth/cloud-platform';

export interface GoogleTtsOptions {
  voice?: string | undefined;
  languageCode?: string | undefined;
  credentials?: TtsCredentials | undefined;
  quotaProject?: string | undefined;
  baseUrl?: string | undefined;
  timeoutMs?: number | undefined;
}

export class GoogleSynthesizer implements Synthesizer {
  readonly name = 'google';
  private readonly getToken: () => Promise<string>;

  constructor(private readonly options: GoogleTtsOptions = {}) {
    this.getToken = tokenSource(options.credentials);
  }

  async synthesize(text: string, opts: SynthesizeOptions): Promise<Buffer> {
    const name = opts.voice ?? this.options.voice;
    const body = {
      input: { text },
      voice: { languageCode: opts.languageCode ?? this.options.languageCode ?? 'en-US', ...(name ? { name } : {}) },
      audioConfig: { audioEncoding: 'LINEAR16', sampleRateHertz: opts.sampleRateHertz },
    };
    const headers: Record<string, string> = {
      'content-type': 'application/json',
      authorization: `Bearer ${await this.token()}`,
    };
    if (this.options.quotaProject) headers['x-goog-user-project'] = this.options.quotaProject;
    const url = `${(this.options.baseUrl ?? GOOGLE_TTS_BASE_URL).replace(/\/+$/, '')}/v1/text:synthesize`;
    const timeout = AbortSignal.timeout(this.options.timeoutMs ?? 30_000);
    const signal = opts.signal ? AbortSignal.any([opts.signal, timeout]) : timeout;
    let response: Response;
    try {
      response = await fetch(url, { method: 'POST', headers, body: JSON.stringify(body), signal });
    } catch (e) {
      throw new AudioError('SYNTHESIS_FAILED', `Text-to-Speech request to ${url} failed: ${describe(e)}`);
    }
    const payload = await readJson(response);
    if (!response.ok)
      throw new AudioError(
        'SYNTHESIS_FAILED',
        `Text-to-Speech returned HTTP ${response.status}: ${apiMessage(payload, response.statusText)}`,
      );
    return toPcm(payload, opts.sampleRateHertz);
  }

  private async token(): Promise<string> {
    try {
      return await this.getToken();
    } catch (e) {
      throw new AudioError('SYNTHESIS_FAILED', `could not get an access token for Text-to-Speech: ${describe(e)}`);
    }
  }
}

/** Precedence: explicit AuthClient > keyFile > token / CXAS_OAUTH_TOKEN > Application Default Credentials. */
export function tokenSource(credentials: TtsCredentials | undefined): () => Promise<string> {
  if (credentials && isAuthClient(credentials)) return () => fromClient(credentials);
  const plain = credentials as { keyFile?: string; token?: string } | undefined;
  if (plain?.keyFile) {
    const auth = lazyGoogleAuth({ keyFile: plain.keyFile, scopes: [SCOPE] });
    return async () => fromClient(await auth());
  }
  const raw = plain?.token ?? process.env.CXAS_OAUTH_TOKEN;
  if (raw) return () => Promise.resolve(raw);
  const adc = lazyGoogleAuth({ scopes: [SCOPE] });
  return async () => fromClient(await adc());
}

/** google-auth-library loads with the first token request, not whenever audio code is imported. */
function lazyGoogleAuth(options: GoogleAuthOptions): () => Promise<TokenClient> {
  let client: Promise<TokenClient> | undefined;
  return () => (client ??= import('google-auth-library').then(({ GoogleAuth }) => new GoogleAuth(options)));
}

type TokenClient = Parameters<typeof fromClient>[0];

function isAuthClient(c: TtsCredentials): c is AuthClient {
  return typeof (c as AuthClient).getAccessToken === 'function';
}

async function fromClient(client: {
  getAccessToken(): Promise<{ token?: string | null } | string | null | undefined>;
}): Promise<string> {
  const result = await client.getAccessToken();
  const token = typeof result === 'string' ? result : result?.token;
  if (!token) throw new Error('the credentials returned no access token');
  return token;
}

async function readJson(response: Response): Promise<unknown> {
  const text = await response.text();
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text.slice(0, 200);
  }
}

/** Google APIs answer errors as `{error: {code, message, status}}`. */
function apiMessage(payload: unknown, statusText: string): string {
  const error = (payload as { error?: { message?: unknown; status?: unknown } } | null)?.error;
  if (error && typeof error.message === 'string')
    return typeof error.status === 'string' ? `${error.status}: ${error.message}` : error.message;
  if (typeof payload === 'string' && payload.trim()) return payload.trim().split('\n')[0] ?? statusText;
  return statusText || 'no error message';
}

function toPcm(payload: unknown, sampleRateHertz: number): Buffer {
  const content = (payload as { audioContent?: unknown } | null)?.audioContent;
  if (typeof content !== 'string' || content === '')
    throw new AudioError('SYNTHESIS_FAILED', 'Text-to-Speech response has no audioContent');
  // LINEAR16 responses are WAV files (RIFF header included), at the rate asked for.
  const wav = decodeWav(Buffer.from(content, 'base64'));
  return resample(wav.pcm, wav.sampleRateHertz, sampleRateHertz);
}

function describe(e: unknown): string {
  if (e instanceof Error) return e.cause instanceof Error ? `${e.message} (${e.cause.message})` : e.message;
  return String(e);
}
