// OpenAI-compatible chat completions (the official openai 6.x client): self-hosted or hosted models.
// The client's own retries are off (retry.ts decides, honouring Retry-After); structured output is
// asked for with response_format json_schema and still validated by structured.ts.
import { boundedFetch } from './bounded-fetch.js';
import { httpError, transportError } from './http-errors.js';
import { SdkBackend } from './sdk-backend.js';
import type { LlmReply, LlmRequest } from './types.js';

export interface OpenAiBackendOptions {
  model: string;
  baseUrl?: string;
  apiKey: string;
}

type OpenAiClient = import('openai').OpenAI;

export class OpenAiBackend extends SdkBackend<OpenAiClient> {
  readonly name = 'openai' as const;

  constructor(private readonly options: OpenAiBackendOptions) {
    super(options.model);
  }

  protected async call(client: OpenAiClient, request: LlmRequest): Promise<LlmReply> {
    const res = await client.chat.completions.create(
      {
        model: request.model,
        messages: [
          { role: 'system', content: request.system },
          ...request.messages.map((m) => ({
            role: m.role === 'model' ? ('assistant' as const) : ('user' as const),
            content: m.text,
          })),
        ],
        temperature: request.temperature,
        ...(request.seed !== undefined ? { seed: request.seed } : {}),
        response_format: {
          type: 'json_schema',
          json_schema: { name: request.schemaName, schema: request.schema, strict: true },
        },
      },
      { signal: request.signal },
    );
    const choice = res.choices?.[0];
    const text = choice?.message?.content ?? undefined;
    return {
      candidates: res.choices?.length ?? 0,
      ...(text !== undefined ? { text } : {}),
      ...(choice?.finish_reason
        ? { finishReason: choice.finish_reason === 'stop' ? 'STOP' : choice.finish_reason }
        : {}),
      inputTokens: res.usage?.prompt_tokens ?? 0,
      outputTokens: res.usage?.completion_tokens ?? 0,
      ...(res.model ? { modelVersion: res.model } : {}),
    };
  }

  protected override async callError(err: unknown, signal: AbortSignal): Promise<Error> {
    const { APIError } = await import('openai');
    if (err instanceof APIError && typeof err.status === 'number') {
      return httpError(
        err.status,
        JSON.stringify({ error: err.error ?? { message: err.message } }),
        err.headers,
        'openai',
      );
    }
    return transportError(err, 'openai', signal);
  }

  protected async createClient(): Promise<OpenAiClient> {
    const { OpenAI } = await import('openai');
    const { apiKey, baseUrl } = this.options;
    return new OpenAI({
      apiKey,
      ...(baseUrl ? { baseURL: baseUrl } : {}),
      maxRetries: 0,
      timeout: 24 * 3600_000,
      fetch: boundedFetch('openai', { throwHttpErrors: false }),
    });
  }
}
