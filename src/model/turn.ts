// TurnResult: one turn of a conversation as the runner, assertions and reporters see it,
// normalized from the wire (src/client/normalize.ts). Names here are ours, not the API's.
import type { JsonObject } from './json.js';

export interface ToolCall {
  /** Call id from the server (echoed by the matching ToolResponse). */
  id: string;
  /** Short tool name: the last segment of the tool resource (`.../tools/lookup_account` → `lookup_account`). */
  name: string;
  /** The server's display name, when it sent one. */
  displayName?: string;
  /** Full resource name (`projects/../tools/x`) or `toolsets/../tools/id`, as sent. */
  resource?: string;
  args: JsonObject;
  /**
   * `client`: a ClientFunction call the client had to answer (SessionOutput.toolCalls);
   * `server`: seen in diagnosticInfo.
   */
  origin: 'server' | 'client';
  /** The agent (message role) that made the call. */
  agent?: string;
}

export interface ToolResponse {
  id: string;
  name: string;
  displayName?: string;
  resource?: string;
  response: JsonObject;
  agent?: string;
}

export interface Transfer {
  /** Short agent name (last path segment of targetAgent). */
  to: string;
  displayName?: string;
  /** Full resource, as sent. */
  resource: string;
  /** Agent (role) that handed off. */
  from?: string;
}

export interface Citation {
  uri?: string;
  title?: string;
  text?: string;
  requiresAttribution?: boolean;
}

/** What the user sent in one turn, for transcripts and reports (bytes summarised, not inlined). */
export type TurnInput =
  | { kind: 'text'; text: string }
  | { kind: 'event'; event: string }
  | { kind: 'dtmf'; digits: string }
  | { kind: 'blob'; mimeType: string; bytes: number; file?: string }
  | { kind: 'image'; mimeType: string; bytes: number; file?: string }
  | { kind: 'audio'; bytes: number; file?: string; say?: string }
  | { kind: 'variables'; variables: JsonObject }
  | { kind: 'toolResponses'; responses: Array<{ id: string; name: string; response: JsonObject }> };

/**
 * A user input as one line of a transcript: the client's transcript (src/client/segment.ts) and the
 * comparison's side-by-side transcript (src/compare/side.ts) say it alike. Audio reads as what was
 * said when that is known (simulated users, `say:`), else as its size.
 */
export function describeInput(input: TurnInput): string {
  switch (input.kind) {
    case 'text':
      return input.text;
    case 'event':
      return `[event ${input.event}]`;
    case 'dtmf':
      return `[dtmf ${input.digits}]`;
    case 'variables':
      return `[variables ${JSON.stringify(input.variables)}]`;
    case 'toolResponses':
      return `[tool responses ${input.responses.map((r) => r.name).join(', ')}]`;
    case 'blob':
    case 'image':
      return `[${input.kind} ${input.mimeType}, ${input.bytes} bytes]`;
    case 'audio':
      return input.say ?? `[audio ${input.bytes} bytes]`;
  }
}

/** One line of a turn's transcript, in order (the model behind parseResult and the HTML report). */
export type TranscriptEntry =
  | { kind: 'user'; text: string; input?: TurnInput['kind'] }
  | { kind: 'agent'; role: string; text: string }
  | { kind: 'toolCall'; role: string; call: ToolCall }
  | { kind: 'toolResponse'; role: string; response: ToolResponse }
  | { kind: 'transfer'; role: string; transfer: Transfer }
  | { kind: 'payload'; role: string; payload: JsonObject }
  | { kind: 'variables'; role: string; variables: JsonObject }
  | { kind: 'citations'; role: string; citations: Citation[] }
  | { kind: 'endSession'; role: string; metadata?: JsonObject }
  | { kind: 'bargeIn'; role: string };

export interface TurnLatency {
  /** Wall time from sending the first request of the turn to its last output (client side). */
  totalMs: number;
  /** Time to the first output (streaming / bidi only). */
  firstOutputMs?: number;
  /** Time to the first agent audio (audio modality only). */
  firstAudioMs?: number;
  /** The server's own rootSpan duration, when it reported one. */
  serverMs?: number;
}

export interface Span {
  name: string;
  durationMs?: number;
  startTime?: string;
  attributes?: JsonObject;
  children?: Span[];
}

export interface TurnAudio {
  /** WAV of what the user said (path relative to the report directory, once written). */
  userWav?: string;
  /** WAV of the agent's audio. */
  agentWav?: string;
  /** Raw agent audio byte count. */
  agentBytes: number;
  sampleRateHertz: number;
}

export interface TurnResult {
  /** The server's turnIndex of the last output of this turn (1-based). */
  turnIndex: number;
  inputs: TurnInput[];
  /** Agent text, outputs joined with a space, trimmed. */
  text: string;
  /** Each text output as sent. */
  textParts: string[];
  toolCalls: ToolCall[];
  toolResponses: ToolResponse[];
  transfers: Transfer[];
  payloads: JsonObject[];
  /** updatedVariables chunks merged in order (later wins). */
  updatedVariables: JsonObject;
  citations: Citation[];
  sessionEnded: boolean;
  endSessionMetadata?: JsonObject;
  /** Active agent after the turn (last transfer target, else the last agent role seen). */
  agent?: string;
  transcript: TranscriptEntry[];
  latency: TurnLatency;
  /**
   * Root spans of the turn's earlier rounds, in order, when it had more than one: each client tool
   * round trip is a request of its own, whose last output carries that round's diagnosticInfo
   * (docs/protocol.md §4, §5). Absent for a turn of one round (and in results recorded before it).
   */
  earlierRootSpans?: Span[];
  /** The server's root span of the turn's last round. */
  rootSpan?: Span;
  /** Audio modality: the user's speech as the server recognised it (last cumulative recognitionResult). */
  recognizedTranscript?: string;
  audio?: TurnAudio;
  bargeIns?: number;
}

/** Every round's root span of a turn, in order (earlierRootSpans, then rootSpan). */
export function turnRootSpans(result: Pick<TurnResult, 'earlierRootSpans' | 'rootSpan'>): Span[] {
  const spans = result.earlierRootSpans ? [...result.earlierRootSpans] : [];
  if (result.rootSpan) spans.push(result.rootSpan);
  return spans;
}

/** A turn with nothing in it. Its key order is the order reports list a turn's fields (normalizeTurn keeps it). */
export function emptyTurnResult(turnIndex = 0): TurnResult {
  return {
    turnIndex,
    inputs: [],
    text: '',
    textParts: [],
    toolCalls: [],
    toolResponses: [],
    transfers: [],
    payloads: [],
    updatedVariables: {},
    citations: [],
    sessionEnded: false,
    transcript: [],
    latency: { totalMs: 0 },
  };
}
