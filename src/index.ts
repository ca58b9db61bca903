// cxas-eval public API: explicit named exports only (no `export *`).
export type { JsonObject, JsonValue } from './model/json.js';
export type { SourceLocation } from './model/location.js';
export type { TurnResult, ToolCall, ToolResponse, Transfer, TranscriptEntry, TurnInput } from './model/turn.js';
export type { ConversationSpec, TurnSpec, Expectation, SpecFile } from './model/spec.js';
export type { RunResult, ConversationResult, AssertionResult, Verdict } from './model/result.js';
export { loadCesProtos } from './client/proto/load.js';
