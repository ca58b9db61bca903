// Builds a turn's diagnosticInfo: the user message, agent messages (one per consecutive agent),
// and the root span with Tool and LLM child spans. Everything is canonical proto3 JSON.
import type { JsonObject } from '../model/json.js';
import { nowMs } from './clock.js';
import { durationFromMs, timestampFromMs } from '../client/proto/index.js';

interface SpanTiming {
  startMs: number;
  endMs: number;
}

function spanTimes({ startMs, endMs }: SpanTiming): JsonObject {
  return {
    startTime: timestampFromMs(startMs),
    endTime: timestampFromMs(endMs),
    duration: durationFromMs(endMs - startMs),
  };
}

export class TurnRecorder {
  private readonly messages: JsonObject[];
  private readonly childSpans: JsonObject[] = [];
  private llm: (SpanTiming & { agent: string; route?: string }) | undefined;

  constructor(
    userChunks: JsonObject[],
    readonly startMs: number = nowMs(),
  ) {
    this.messages = [{ role: 'user', chunks: userChunks }];
  }

  /** Appends a chunk to the current agent's message (a new message when the agent changed). */
  chunk(agent: string, chunk: JsonObject): void {
    const last = this.messages[this.messages.length - 1]!;
    if (this.messages.length > 1 && last['role'] === agent) (last['chunks'] as JsonObject[]).push(chunk);
    else this.messages.push({ role: agent, chunks: [chunk] });
  }

  toolSpan(
    timing: SpanTiming,
    attributes: { name: string; agent: string; args: JsonObject; response: JsonObject },
  ): void {
    this.childSpans.push({ name: 'Tool', ...spanTimes(timing), attributes });
  }

  /** `route`: the app route that matched this turn (`<agent>#<n>`), absent when none did or a call resumed. */
  llmSpan(agent: string, timing: SpanTiming, route?: string): void {
    this.llm = { agent, ...timing, ...(route ? { route } : {}) };
  }

  /** The final output's diagnosticInfo, plus the stored form for GetConversation. */
  finish(endMs: number = nowMs()): { messages: JsonObject[]; rootSpan: JsonObject } {
    const spans = [...this.childSpans];
    if (this.llm) spans.push({ name: 'LLM', ...spanTimes(this.llm), attributes: llmAttributes(this.llm) });
    const rootSpan: JsonObject = { name: 'root', ...spanTimes({ startMs: this.startMs, endMs }), childSpans: spans };
    return { messages: this.messages, rootSpan };
  }
}

function llmAttributes({ agent, route }: { agent: string; route?: string }): JsonObject {
  return { agent, model: 'emulator', ...(route ? { route } : {}) };
}
