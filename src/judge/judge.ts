// A judge expectation → one structured call per sample → a verdict by strict majority, fail-closed.
import type { LlmCallRecord } from '../model/llm-usage.js';
import type { JudgeIdentity } from './calibration.js';
import { contradiction } from './contradiction.js';
import { JUDGE_PROMPT_VERSION, JUDGE_REPLY_SCHEMA, JUDGE_SYSTEM, judgeMessages, type JudgeReply } from './prompt.js';
import type { CallFailure, StructuredCaller } from './structured.js';
import { transcriptData, type TranscriptTurn } from './transcript.js';

export interface JudgeRequest {
  criterion: string;
  /** The turns the judge sees: up to the checked turn (turn level) or all (conversation level). */
  turns: readonly TranscriptTurn[];
  /** 1-based number of the checked turn, for turn-level expectations. */
  uptoTurn?: number;
  /** Overrides the configured number of samples for this expectation. */
  samples?: number;
  /**
   * Sample index of the first sample (default 0): repeated judgments of one transcript (stability)
   * start at distinct indexes so each is asked anew rather than answered from the cache.
   */
  firstSample?: number;
  signal?: AbortSignal;
  /** When the caller needs the verdict by (`Date.now()` time): no request or retry wait runs past it. */
  deadlineMs?: number;
}

export type JudgeOutcome =
  | { status: 'passed' | 'failed'; reason: string; evidenceTurns: number[]; votes: string; calls: LlmCallRecord[] }
  | { status: 'error'; code: string; reason: string; raw?: string; votes?: string; calls: LlmCallRecord[] };

export class Judge {
  constructor(
    private readonly caller: StructuredCaller,
    readonly samples: number,
    private readonly redact: (text: string) => string = (t) => t,
  ) {}

  get model(): string {
    return this.caller.backend.model;
  }
  get backend(): string {
    return this.caller.backend.name;
  }
  get temperature(): number {
    return this.caller.temperature;
  }
  /** What a calibration's fingerprint holds of this judge (calibration.ts), for `samples` per verdict. */
  identity(samples = this.samples): JudgeIdentity {
    return { backend: this.backend, model: this.model, temperature: this.temperature, samples };
  }

  async evaluate(req: JudgeRequest): Promise<JudgeOutcome> {
    const transcript = transcriptData(req.turns, this.redact);
    const messages = judgeMessages(transcript, this.redact(req.criterion), req.uptoTurn);
    const samples = req.samples ?? this.samples;
    const results = await Promise.all(
      Array.from({ length: samples }, (_, i) =>
        this.caller.call({
          promptVersion: JUDGE_PROMPT_VERSION,
          system: JUDGE_SYSTEM,
          messages,
          schema: JUDGE_REPLY_SCHEMA,
          schemaName: 'judge_verdict',
          sampleIndex: (req.firstSample ?? 0) + i,
          cacheable: isVerdict,
          ...(req.signal ? { signal: req.signal } : {}),
          ...(req.deadlineMs !== undefined ? { deadlineMs: req.deadlineMs } : {}),
        }),
      ),
    );
    const calls = results.map((r) => r.record);
    const failed = results.find((r): r is Extract<typeof r, { ok: false }> => !r.ok);
    if (failed) return callError(failed.error, calls, samples);
    const replies = results.map((r) => (r as { value: unknown }).value as JudgeReply);
    return contradicted(replies, calls) ?? decide(replies, calls);
  }
}

/** Only pass/fail verdicts that agree with their reasoning are reused: others are asked again next run. */
function isVerdict(value: unknown): boolean {
  const reply = value as JudgeReply;
  return reply.verdict !== 'cannot_judge' && contradiction(reply) === undefined;
}

/** The first sample whose verdict contradicts its reasoning makes the expectation an error. */
function contradicted(replies: readonly JudgeReply[], calls: LlmCallRecord[]): JudgeOutcome | undefined {
  for (const [i, reply] of replies.entries()) {
    const problem = contradiction(reply);
    if (!problem) continue;
    const which = replies.length > 1 ? ` (sample ${i + 1} of ${replies.length})` : '';
    return {
      status: 'error',
      code: 'JUDGE_CONTRADICTION',
      reason: `${problem}${which}`,
      raw: JSON.stringify(reply),
      calls,
    };
  }
  return undefined;
}

function callError(error: CallFailure, calls: LlmCallRecord[], samples: number): JudgeOutcome {
  const which = samples > 1 ? ` (sample ${calls.findIndex((c) => c.error) + 1} of ${samples})` : '';
  return {
    status: 'error',
    code: error.code,
    reason: `${error.message}${which}`,
    ...(error.raw !== undefined ? { raw: error.raw } : {}),
    calls,
  };
}

/** Strict majority of pass or fail; cannot_judge and split votes are errors. */
function decide(replies: readonly JudgeReply[], calls: LlmCallRecord[]): JudgeOutcome {
  const n = replies.length;
  const count = (v: JudgeReply['verdict']) => replies.filter((r) => r.verdict === v).length;
  for (const verdict of ['pass', 'fail'] as const) {
    const k = count(verdict);
    if (k * 2 > n) {
      const first = replies.find((r) => r.verdict === verdict) as JudgeReply;
      return {
        status: verdict === 'pass' ? 'passed' : 'failed',
        reason: first.reason,
        evidenceTurns: first.evidenceTurns,
        votes: `${k}/${n}`,
        calls,
      };
    }
  }
  const tally = `pass ${count('pass')}, fail ${count('fail')}, cannot_judge ${count('cannot_judge')}`;
  const unsure = replies.find((r) => r.verdict === 'cannot_judge');
  if (count('cannot_judge') * 2 > n || (n === 1 && unsure)) {
    return {
      status: 'error',
      code: 'JUDGE_CANNOT_JUDGE',
      reason: `the judge could not judge: ${unsure?.reason ?? ''}`,
      votes: tally,
      calls,
    };
  }
  return {
    status: 'error',
    code: 'JUDGE_NO_MAJORITY',
    reason: `no strict majority among ${n} samples (${tally})`,
    votes: tally,
    calls,
  };
}
