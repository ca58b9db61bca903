// The contract between the structured-call layer and the LLM backends (Gemini, Vertex, OpenAI-compatible).
import type { JsonObject } from '../model/json.js';

export type BackendName = 'gemini' | 'vertex' | 'openai';

export interface ChatMessage {
  /** `user`: what we say to the model; `model`: what it said before (multi-turn user simulation). */
  role: 'user' | 'model';
  text: string;
}

export interface LlmRequest {
  model: string;
  system: string;
  messages: readonly ChatMessage[];
  /** JSON Schema of the reply, sent as structured output; the reply is still validated by us. */
  schema: JsonObject;
  schemaName: string;
  temperature: number;
  seed?: number;
  signal: AbortSignal;
}

/** A backend's raw reply, normalized; judging whether it is usable happens in structured.ts. */
export interface LlmReply {
  /** Candidates (Gemini) or choices (OpenAI) returned; 0 is a failure. */
  candidates: number;
  text?: string;
  /** `STOP` when the model finished normally; anything else (SAFETY, MAX_TOKENS, length...) as sent. */
  finishReason?: string;
  inputTokens: number;
  outputTokens: number;
  modelVersion?: string;
}

export interface LlmBackend {
  readonly name: BackendName;
  readonly model: string;
  /** Loads the SDK and builds the client (once): not counted against a request's timeout. */
  prepare?(): Promise<void>;
  generate(request: LlmRequest): Promise<LlmReply>;
}

export type LlmErrorCode =
  | 'JUDGE_HTTP'
  | 'JUDGE_AUTH'
  | 'JUDGE_TRANSPORT'
  | 'JUDGE_TIMEOUT'
  | 'JUDGE_NO_CANDIDATES'
  | 'JUDGE_FINISH_REASON'
  | 'JUDGE_REPLY_TOO_LARGE'
  | 'JUDGE_BAD_JSON'
  | 'JUDGE_SCHEMA_INVALID'
  | 'JUDGE_BUDGET'
  | 'JUDGE_NOT_CONFIGURED'
  | 'JUDGE_CANNOT_JUDGE'
  | 'JUDGE_NO_MAJORITY'
  | 'JUDGE_CONTRADICTION'
  | 'JUDGE_CANCELLED';

/** Why a call failed; `retryable` calls are retried (bounded), honouring the server's delay. */
export class LlmCallError extends Error {
  constructor(
    readonly code: LlmErrorCode,
    message: string,
    readonly opts: { retryable?: boolean; retryAfterMs?: number; status?: number; raw?: string } = {},
  ) {
    super(message);
    this.name = 'LlmCallError';
  }
  get retryable(): boolean {
    return this.opts.retryable ?? false;
  }
  get retryAfterMs(): number | undefined {
    return this.opts.retryAfterMs;
  }
  get raw(): string | undefined {
    return this.opts.raw;
  }
}
