// One structured JSON call to an LLM, fail-closed: the generic layer under the judge and the simulated user.
// Masking → cache → concurrency limit → bounded retries with a per-attempt timeout, each request taken from
// the budget → reply checks (size, candidates, finish reason, JSON, schema) → cache write.
// Every failure is a value, never a throw.
import pLimit, { type LimitFunction } from 'p-limit';
import type { JsonObject, JsonValue } from '../model/json.js';
import type { LlmCallRecord } from '../model/llm-usage.js';
import { abortable, attemptSignal } from './abort.js';
import { cacheKey, type CacheKeyParts, type DiskCache } from './cache.js';
import { oneLine } from './http-errors.js';
import { checkReply } from './reply.js';
import { withRetries, type RetryPolicy } from './retry.js';
import { LlmCallError, type ChatMessage, type LlmBackend, type LlmErrorCode, type LlmReply } from './types.js';
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
  /**
   * When the caller needs the answer by (a `Date.now()` time). No attempt and no retry wait (the
   * server's Retry-After included) runs past it. Default: the attempts' timeouts put together.
   */
  deadlineMs?: number;
}

export interface CallFailure {
  code: LlmErrorCode;
  message: string;
  raw?: string;
}

export type StructuredResult =
  { ok: true; value: JsonValue; record: LlmCallRecord } | { ok: false; error: CallFailure; record: LlmCallRecord };

/**
 * Counts HTTP requests sent across every caller sharing it, retries included (a request is what costs
 * money); a request past `maxCalls` is not sent and its call fails with JUDGE_BUDGET.
 */
export class Budget {
  private used = 0;
  constructor(readonly maxCalls: number | undefined) {}
  take(): boolean {
    if (this.maxCalls !== undefined && this.used >= this.maxCalls) return false;
    this.used += 1;
    return true;
  }
}

/** The text of a reply (the structured JSON) is at most this long: a judge or user reply is a few lines. */
const MAX_REPLY_CHARS = 64 * 1024;

export interface CallerDeps {
  cache: DiskCache;
  budget: Budget;
  ledger: UsageLedger;
  /** Masks secrets (the config's `redact`) in everything sent to the model and written to the cache. */
  redact?: (text: string) => string;
}

export class StructuredCaller {
  private readonly limit: LimitFunction;

  constructor(
    readonly purpose: string,
    readonly backend: LlmBackend,
    private readonly settings: CallerSettings,
    private readonly deps: CallerDeps,
  ) {
    this.limit = pLimit(settings.concurrency);
  }

  /** Part of every cache key and of a calibration's fingerprint. */
  get temperature(): number {
    return this.settings.temperature;
  }

  async call(unmasked: StructuredCall): Promise<StructuredResult> {
    const req = this.masked(unmasked);
    const material = {
      promptVersion: req.promptVersion,
      backend: this.backend.name,
      model: this.backend.model,
      temperature: this.settings.temperature,
      seed: this.settings.seed ?? null,
      schema: req.schema,
      renderedPrompt: renderPrompt(req),
      sampleIndex: req.sampleIndex ?? 0,
    };
    const key = cacheKey(material);
    const hit = await this.deps.cache.get(key, material);
    if (hit && checkReply(req.schema, hit.value) === undefined)
      return this.finish({ ok: true, value: hit.value }, 0, 0, true);
    const result = await this.limit(() => this.send(req));
    // Written after the concurrency slot is released: the disk never holds up the next request.
    if (result.ok && req.cacheable?.(result.value) !== false) await this.store(key, material, result.value);
    return result;
  }

  /** What leaves the machine is masked: the system prompt and every message. */
  private masked(req: StructuredCall): StructuredCall {
    const redact = this.deps.redact;
    if (!redact) return req;
    return { ...req, system: redact(req.system), messages: req.messages.map((m) => ({ ...m, text: redact(m.text) })) };
  }

  private async send(req: StructuredCall): Promise<StructuredResult> {
    const started = performance.now();
    let attempts = 0;
    let tokens = { inputTokens: 0, outputTokens: 0 };
    const { timeoutMs, retry } = this.settings;
    try {
      await this.backend.prepare?.();
      // Loading the SDK is not the call's time (as for the attempt timeout).
      const deadlineMs = req.deadlineMs ?? Date.now() + timeoutMs * retry.attempts;
      const { value } = await withRetries(
        this.settings.retry,
        req.signal ?? new AbortController().signal,
        async (n) => {
          if (!this.deps.budget.take()) throw budgetExhausted(this.deps.budget);
          attempts = n;
          const attempt = attemptSignal(Math.max(1, Math.min(timeoutMs, deadlineMs - Date.now())), req.signal);
          try {
            // Raced against the attempt's signal, not only handed to the SDK: parts of a call ignore it
            // (google-auth-library's credential fetch, for one), and the timeout must bound them too.
            const reply = await abortable(this.generate(req, attempt.signal), attempt.signal);
            tokens = {
              inputTokens: tokens.inputTokens + reply.inputTokens,
              outputTokens: tokens.outputTokens + reply.outputTokens,
            };
            return usableValue(reply, req.schema);
          } finally {
            attempt.done();
          }
        },
        deadlineMs,
      );
      return this.finish({ ok: true, value }, attempts, performance.now() - started, false, tokens);
    } catch (err) {
      return this.finish(failure(err), attempts, performance.now() - started, false, tokens);
    }
  }

  private generate(req: StructuredCall, signal: AbortSignal): Promise<LlmReply> {
    return this.backend.generate({
      model: this.backend.model,
      system: req.system,
      messages: req.messages,
      schema: wireSchema(req.schema),
      schemaName: req.schemaName,
      temperature: this.settings.temperature,
      signal,
      ...(this.settings.seed !== undefined ? { seed: this.settings.seed } : {}),
    });
  }

  /**
   * A cache that cannot be written costs a re-ask next run, never this run's verdict. A reply that
   * masking would change is not stored: the cache holds no secret, and a masked copy replayed later
   * would say something the model never said (a simulated user's card number becomes [REDACTED]).
   */
  private async store(key: string, material: CacheKeyParts, value: JsonValue): Promise<void> {
    const redact = this.deps.redact;
    if (redact) {
      const text = JSON.stringify(value);
      if (redact(text) !== text) return;
    }
    await this.deps.cache
      .set(key, { value, model: this.backend.model, savedAt: new Date().toISOString() }, material)
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
function usableValue(reply: LlmReply, schema: JsonObject): JsonValue {
  if (reply.candidates === 0) throw new LlmCallError('JUDGE_NO_CANDIDATES', 'the model returned no candidates');
  const raw = reply.text ?? '';
  if (raw.length > MAX_REPLY_CHARS) {
    throw new LlmCallError(
      'JUDGE_REPLY_TOO_LARGE',
      `the reply is ${raw.length} characters (at most ${MAX_REPLY_CHARS})`,
      {
        raw: raw.slice(0, 2000),
      },
    );
  }
  // A reply without a finish reason may have been cut short: it is never trusted.
  if (reply.finishReason === undefined)
    throw new LlmCallError('JUDGE_FINISH_REASON', 'the model gave no finish reason', { raw });
  if (reply.finishReason !== 'STOP') {
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

function budgetExhausted(budget: Budget): LlmCallError {
  return new LlmCallError('JUDGE_BUDGET', `budget exhausted: ${budget.maxCalls ?? 0} requests already sent`);
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
function renderPrompt(req: Pick<StructuredCall, 'system' | 'messages'>): string {
  return [`system: ${req.system}`, ...req.messages.map((m) => `${m.role}: ${m.text}`)].join('\n\n');
}

/** Providers reject JSON Schema's bookkeeping keys in structured-output schemas. */
function wireSchema(schema: JsonObject): JsonObject {
  const { $id: _id, $schema: _schema, title: _title, ...rest } = schema;
  return rest;
}
