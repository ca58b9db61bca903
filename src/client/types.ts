// Plain (decoded) shapes of the CES messages the client returns: camelCase proto names,
// Structs as JSON objects, bytes as Buffer, Timestamp/Duration as {seconds, nanos}.
// Only what the client and its users read is typed; the wire carries more.
import type { JsonObject } from '../model/json.js';

export interface ProtoDuration {
  seconds?: string | number;
  nanos?: number;
}
type ProtoTimestamp = ProtoDuration;

interface ToolsetToolRef {
  toolset?: string;
  toolId?: string;
}

export interface WireToolCall {
  id?: string;
  tool?: string;
  toolsetTool?: ToolsetToolRef;
  displayName?: string;
  args?: JsonObject;
}

export interface WireToolResponse {
  id?: string;
  tool?: string;
  toolsetTool?: ToolsetToolRef;
  displayName?: string;
  response?: JsonObject;
}

export interface Chunk {
  text?: string;
  transcript?: string;
  blob?: { mimeType?: string; data?: Buffer };
  image?: { mimeType?: string; data?: Buffer };
  payload?: JsonObject;
  toolCall?: WireToolCall;
  toolResponse?: WireToolResponse;
  agentTransfer?: { targetAgent?: string; displayName?: string };
  updatedVariables?: JsonObject;
  defaultVariables?: JsonObject;
}

export interface Message {
  role?: string;
  chunks?: Chunk[];
  eventTime?: ProtoTimestamp;
}

export interface WireSpan {
  name?: string;
  startTime?: ProtoTimestamp;
  endTime?: ProtoTimestamp;
  duration?: ProtoDuration;
  attributes?: JsonObject;
  childSpans?: WireSpan[];
}

export interface CitedChunk {
  uri?: string;
  title?: string;
  text?: string;
  requiresAttribution?: boolean;
}

export interface SessionOutput {
  text?: string;
  audio?: Buffer;
  toolCalls?: { toolCalls?: WireToolCall[] };
  citations?: { citedChunks?: CitedChunk[] };
  googleSearchSuggestions?: { htmls?: string[]; webSearchQueries?: Array<{ query?: string; uri?: string }> };
  endSession?: { metadata?: JsonObject };
  payload?: JsonObject;
  turnIndex?: number;
  turnCompleted?: boolean;
  diagnosticInfo?: { messages?: Message[]; rootSpan?: WireSpan };
  /** Read by no one; each Any as it came (over WebSocket, one of a type the protos lack has no `value`). */
  context?: Array<{ typeUrl?: string; value?: Buffer }>;
}

interface ConversationTurn {
  messages?: Message[];
  rootSpan?: WireSpan;
}

export interface Conversation {
  name?: string;
  startTime?: ProtoTimestamp;
  endTime?: ProtoTimestamp;
  turns?: ConversationTurn[];
  turnCount?: number;
  channelType?: string;
  source?: string;
  inputTypes?: string[];
  entryAgent?: string;
  deployment?: string;
  appVersion?: string;
  languageCode?: string;
  messages?: Message[];
}

/** A SessionConfig as sent: plain fields around the full session name. */
export type SessionConfigWire = Record<string, unknown> & { session: string };

/** The wire (proto-loader) form of a RunSessionRequest, as grpc-js encodes it. */
export interface RunSessionRequestWire {
  config: SessionConfigWire;
  inputs: Array<Record<string, unknown>>;
}
