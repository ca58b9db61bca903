// One structured JSON call to an LLM, fail-closed: the generic layer under the judge and the simulated user.
// Cache → budget → concurrency limit → bounded retries with a per-attempt timeout → reply checks
// (candidates, finish reason, JSON, schema) → cache write. Every failure is a value, never a throw.
import pLimit, { type LimitFunction } from 'p-limit';
import type { JsonObject, JsonValue } from '../model/json.js';
import type { LlmCallRecord } from '../model/llm-usage.js';
import { attemptSignal } from './abort.js';
import { cacheKey, type DiskCache } from './cache.js';
import { oneLine } from './http-errors.js';
import { checkReply } from './reply.js';
import { withRetries, type RetryPolicy } from './retry.js';
import { LlmCallError, type ChatMessage, type LlmBackend, type LlmErrorCode } from './types.js';
import type { UsageLedger } from './usage.js';

export interface CallerSettings {
  temperature: number;
  seed?: number;
  concurrency: number;
  timeoutMs: number;
  retry: RetryPolicy;
}

export interface StructuredCall {
  /** Bumped whenever the prompt text changes meaning: part of the cache key. */
  promptVersion: string;
  system: string;
  messages: readonly ChatMessage[];
  /** JSON Schema (with an `$id`) the reply must satisfy; sent as structured output and checked with ajv. */
  schema: JsonObject;
  schemaName: string;
  /** Which of n identical asks this is (samples): each has its own cache entry. */
  sampleIndex?: number;
  /** A valid reply that should still not be reused (the judge's cannot_judge); default: all are cached. */
  cacheable?: (value: JsonValue) => boolean;
  signal?: AbortSignal;
}

export interface CallFailure {
  code: LlmErrorCode;
  message: string;
  raw?: string;
}

export type StructuredResult =
  { ok: true; value: JsonValue; record: LlmCallRecord } | { ok: false; error: CallFailure; record: LlmCallRecord };

/** Counts calls sent across every caller sharing it; a call past `maxCalls` fails without a request. */
export class Budget {
  private used = 0;
  constructor(readonly maxCalls: number | undefined) {}
  take(): boolean {
    if (this.maxCalls !== undefined && this.used >= this.maxCalls) return false;
    this.used += 1;
    return true;
  }
}

export class StructuredCaller {
  private readonly limit: LimitFunction;

  constructor(
    readonly purpose: string,
    readonly backend: LlmBackend,
    private readonly settings: CallerSettings,
    private readonly deps: { cache: DiskCache; budget: Budget; ledger: UsageLedger },
  ) {
    this.limit = pLimit(settings.concurrency);
  }

  async call(req: StructuredCall): Promise<StructuredResult> {
    const key = cacheKey({
      promptVersion: req.promptVersion,
      backend: this.backend.name,
      model: this.backend.model,
      temperature: this.settings.temperature,
      seed: this.settings.seed ?? null,
      schema: req.schema,
      renderedPrompt: renderPrompt(req),
      sampleIndex: req.sampleIndex ?? 0,
    });
    const hit = await this.deps.cache.get(key);
    if (hit && checkReply(req.schema, hit.value) === undefined)
      return this.finish({ ok: true, value: hit.value }, 0, 0, true);
    if (!this.deps.budget.take()) {
      const budget = this.deps.budget.maxCalls ?? 0;
      return this.finish(
        failure(new LlmCallError('JUDGE_BUDGET', `budget exhausted: ${budget} calls already sent`)),
        0,
        0,
      );
    }
    const result = await this.limit(() => this.send(req));
    // Written after the concurrency slot is released: the disk never holds up the next request.
    if (result.ok && req.cacheable?.(result.value) !== false) await this.store(key, result.value);
    return result;
  }

  private async send(req: StructuredCall): Promise<StructuredResult> {
    const started = performance.now();
    let attempts = 0;
    let tokens = { inputTokens: 0, outputTokens: 0 };
    try {
      await this.backend.prepare?.();
      const { value } = await withRetries(
        this.settings.retry,
        req.signal ?? new AbortController().signal,
        async (n) => {
          attempts = n;
          const attempt = attemptSignal(this.settings.timeoutMs, req.signal);
          try {
            const reply = await this.backend.generate({
              model: this.backend.model,
              system: req.system,
              messages: req.messages,
              schema: wireSchema(req.schema),
              schemaName: req.schemaName,
              temperature: this.settings.temperature,
              signal: attempt.signal,
              ...(this.settings.seed !== undefined ? { seed: this.settings.seed } : {}),
            });
            tokens = {
              inputTokens: tokens.inputTokens + reply.inputTokens,
              outputTokens: tokens.outputTokens + reply.outputTokens,
            };
            return usableValue(reply, req.schema);
          } finally {
            attempt.done();
          }
        },
      );
      return this.finish({ ok: true, value }, attempts, performance.now() - started, false, tokens);
    } catch (err) {
      return this.finish(failure(err), attempts, performance.now() - started, false, tokens);
    }
  }

  /** A cache that cannot be written costs a re-ask next run, never this run's verdict. */
  private async store(key: string, value: JsonValue): Promise<void> {
    await this.deps.cache
      .set(key, { value, model: this.backend.model, savedAt: new Date().toISOString() })
      .catch(() => undefined);
  }

  private finish(
    outcome: { ok: true; value: JsonValue } | { ok: false; error: CallFailure },
    attempts: number,
    latencyMs: number,
    cached = false,
    tokens = { inputTokens: 0, outputTokens: 0 },
  ): StructuredResult {
    const record: LlmCallRecord = {
      purpose: this.purpose,
      backend: this.backend.name,
      model: this.backend.model,
      latencyMs: Math.round(latencyMs),
      ...tokens,
      cached,
      attempts,
      ...(outcome.ok ? {} : { error: outcome.error.code }),
    };
    this.deps.ledger.add(record);
    return { ...outcome, record } as StructuredResult;
  }
}

/** The reply's JSON if it is complete, parseable and valid against the schema; else a failure. */
function usableValue(reply: import('./types.js').LlmReply, schema: JsonObject): JsonValue {
  if (reply.candidates === 0) throw new LlmCallError('JUDGE_NO_CANDIDATES', 'the model returned no candidates');
  const raw = reply.text ?? '';
  if (reply.finishReason !== undefined && reply.finishReason !== 'STOP') {
    throw new LlmCallError('JUDGE_FINISH_REASON', `the model stopped with finishReason ${reply.finishReason}`, { raw });
  }
  let value: JsonValue;
  try {
    value = JSON.parse(raw) as JsonValue;
  } catch (err) {
    throw new LlmCallError('JUDGE_BAD_JSON', `the reply is not JSON (${oneLine((err as Error).message, 120)})`, {
      raw,
    });
  }
  const invalid = checkReply(schema, value);
  if (invalid)
    throw new LlmCallError('JUDGE_SCHEMA_INVALID', `the reply does not match its schema: ${invalid}`, { raw });
  return value;
}

function failure(err: unknown): { ok: false; error: CallFailure } {
  const e =
    err instanceof LlmCallError
      ? err
      : new LlmCallError('JUDGE_TRANSPORT', oneLine(String((err as Error)?.message ?? err)));
  return {
    ok: false,
    error: { code: e.code, message: e.message, ...(e.raw !== undefined ? { raw: e.raw.slice(0, 2000) } : {}) },
  };
}

/** What the model sees, as one string: the cache key's "rendered prompt". */
export function renderPrompt(req: Pick<StructuredCall, 'system' | 'messages'>): string {
  return [`system: ${req.system}`, ...req.messages.map((m) => `${m.role}: ${m.text}`)].join('\n\n');
}

/** Providers reject JSON Schema's bookkeeping keys in structured-output schemas. */
function wireSchema(schema: JsonObject): JsonObject {
  const { $id: _id, $schema: _schema, title: _title, ...rest } = schema;
  return rest;
}
