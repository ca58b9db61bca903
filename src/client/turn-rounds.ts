// One conversation turn as it arrives round by round (the first request, then one request per batch
// of client tool responses), in model types: what the agent waits for, whether it ended the
// session, and the turn so far as a TurnResult with its latency computed once (latency.ts).
import type { ToolCall, TurnInput, TurnResult } from '../model/turn.js';
import type { AudioRunResult } from './bidi/client.js';
import type { CallRecord } from './execute.js';
import type { RunSessionResponse } from './sessions-types.js';
import type { SessionOutput } from './types.js';
import { normalizeTurn, sessionEndOf } from './normalize.js';
import { audioTurnResult } from './normalize-audio.js';
import { turnLatency } from './latency.js';

export interface TurnRound {
  /** Client tool calls of this round the agent waits for: answer them in the next request. */
  pendingToolCalls: ToolCall[];
  /** The agent ended the session in this turn. */
  sessionEnded: boolean;
}

export class TurnInProgress {
  private outputs: SessionOutput[] = [];
  private calls: CallRecord[] = [];
  private readonly audioParts: AudioRunResult[] = [];

  /**
   * Adds one round's response and says what the agent now waits for. Most turns have one round:
   * its arrays are kept as they are (the response is the turn's own), later rounds are appended;
   * copying every turn's outputs cost the runner an array per turn (bench/runner-overhead).
   */
  add(res: RunSessionResponse): TurnRound {
    this.outputs = this.outputs.length === 0 ? res.outputs : this.outputs.concat(res.outputs);
    this.calls = this.calls.length === 0 ? res.calls : this.calls.concat(res.calls);
    if (res.audio) this.audioParts.push(res.audio);
    return { pendingToolCalls: pendingClientCalls(res.outputs), sessionEnded: sessionEndOf(res.outputs) !== undefined };
  }

  /** Raw audio of an audio-modality turn, every round's in order (for the runner to save as WAV). */
  get audio(): AudioRunResult | undefined {
    return mergeAudio(this.audioParts, this.calls);
  }

  /** The turn so far, normalized; `inputs` are what the runner sent, as reports describe them. */
  result(inputs: TurnInput[]): TurnResult {
    const latency = turnLatency(this.calls);
    const audio = this.audio;
    const meta = { inputs, latency };
    return audio ? audioTurnResult(this.outputs, meta, audio) : normalizeTurn(this.outputs, meta);
  }
}

/** Client calls come only in `toolCalls` outputs; those answered in the same round are not pending. */
function pendingClientCalls(outputs: readonly SessionOutput[]): ToolCall[] {
  if (!outputs.some((o) => (o.toolCalls?.toolCalls?.length ?? 0) > 0)) return [];
  const round = normalizeTurn([...outputs], { inputs: [], latency: { totalMs: 0 } });
  const answered = new Set(round.toolResponses.map((r) => r.id));
  return round.toolCalls.filter((c) => c.origin === 'client' && !answered.has(c.id));
}

/**
 * One turn may take several bidi calls (client tool rounds): their audio is one conversation turn.
 * Its first audio may come in any round: counted from the turn's start like the first output.
 */
function mergeAudio(parts: readonly AudioRunResult[], calls: readonly CallRecord[]): AudioRunResult | undefined {
  const [first] = parts;
  if (!first || parts.length === 1) return first;
  const { firstAudioMs: _first, ...rest } = first;
  const recognized = parts.find((p) => p.recognizedTranscript !== undefined)?.recognizedTranscript;
  const firstAudioMs = turnLatency(calls).firstAudioMs;
  return {
    ...rest,
    agent: Buffer.concat(parts.map((p) => p.agent)),
    user: Buffer.concat(parts.map((p) => p.user)),
    bargeIns: parts.reduce((n, p) => n + p.bargeIns, 0),
    ...(recognized !== undefined ? { recognizedTranscript: recognized } : {}),
    ...(firstAudioMs !== undefined ? { firstAudioMs } : {}),
  };
}
