// Gemini through @google/genai (2.x): the Gemini API (API key) or Vertex AI (OAuth), same request either way.
// The SDK does not retry unless asked and does not validate structured output: retries live in
// retry.ts and validation in structured.ts. A fetch wrapper (bounded-fetch.ts) bounds every body and keeps
// each error's status, body and headers (the SDK would drop Retry-After).
import type { GoogleGenAIOptions } from '@google/genai';
import type { AuthClient } from 'google-auth-library';
import { boundedFetch } from './bounded-fetch.js';
import { SdkBackend } from './sdk-backend.js';
import type { LlmReply, LlmRequest } from './types.js';

export type GeminiAuth =
  | { mode: 'apiKey'; apiKey: string }
  | { mode: 'vertex'; project: string; location: string; authClient?: AuthClient; keyFile?: string; token?: string };

export interface GeminiBackendOptions {
  model: string;
  baseUrl?: string;
  auth: GeminiAuth;
}

type GenAiClient = import('@google/genai').GoogleGenAI;

export class GeminiBackend extends SdkBackend<GenAiClient> {
  readonly name;

  constructor(private readonly options: GeminiBackendOptions) {
    super(options.model);
    this.name = options.auth.mode === 'vertex' ? ('vertex' as const) : ('gemini' as const);
  }

  protected async call(client: GenAiClient, request: LlmRequest): Promise<LlmReply> {
    const res = await client.models.generateContent({
      model: request.model,
      contents: request.messages.map((m) => ({ role: m.role, parts: [{ text: m.text }] })),
      config: {
        systemInstruction: request.system,
        responseMimeType: 'application/json',
        responseJsonSchema: request.schema,
        temperature: request.temperature,
        ...(request.seed !== undefined ? { seed: request.seed } : {}),
        abortSignal: request.signal,
      },
    });
    const candidate = res.candidates?.[0];
    const text = candidate?.content?.parts?.map((p) => p.text ?? '').join('');
    return {
      candidates: res.candidates?.length ?? 0,
      ...(text !== undefined ? { text } : {}),
      ...(candidate?.finishReason ? { finishReason: String(candidate.finishReason) } : {}),
      inputTokens: res.usageMetadata?.promptTokenCount ?? 0,
      outputTokens: (res.usageMetadata?.candidatesTokenCount ?? 0) + (res.usageMetadata?.thoughtsTokenCount ?? 0),
      ...(res.modelVersion ? { modelVersion: res.modelVersion } : {}),
    };
  }

  /** The SDK (and google-auth-library) load with the first call: runs without judge expectations never pay. */
  protected async createClient(): Promise<GenAiClient> {
    const { GoogleGenAI } = await import('@google/genai');
    const { auth, baseUrl } = this.options;
    const backend = this.name;
    const httpOptions = { ...(baseUrl ? { baseUrl } : {}), fetch: boundedFetch(backend, { throwHttpErrors: true }) };
    const options: GoogleGenAIOptions =
      auth.mode === 'apiKey'
        ? { apiKey: auth.apiKey, httpOptions }
        : {
            vertexai: true,
            project: auth.project,
            location: auth.location,
            httpOptions,
            googleAuthOptions: {
              scopes: ['https://www.googleapis.com/auth/cloud-platform'],
              ...(auth.authClient
                ? { authClient: auth.authClient }
                : auth.token
                  ? { authClient: await tokenClient(auth.token) }
                  : {}),
              ...(auth.keyFile ? { keyFile: auth.keyFile } : {}),
            },
          };
    return new GoogleGenAI(options);
  }
}

/** A raw bearer token (CXAS_OAUTH_TOKEN, as for the CES client): it cannot be refreshed. */
async function tokenClient(token: string): Promise<AuthClient> {
  const { OAuth2Client } = await import('google-auth-library');
  const client = new OAuth2Client();
  client.setCredentials({ access_token: token, expiry_date: Date.now() + 365 * 24 * 3600_000 });
  return client;
}
