// cxas-eval public API: explicit named exports only (no `export *`).

// Domain model
export type { JsonObject, JsonValue } from './model/json.js';
export type { SourceLocation } from './model/location.js';
export type {
  TurnResult,
  ToolCall,
  ToolResponse,
  Transfer,
  TranscriptEntry,
  TurnInput,
  TurnLatency,
  TurnAudio,
  Citation,
} from './model/turn.js';
export type {
  ConversationSpec,
  TurnSpec,
  TurnInputSpec,
  Expectation,
  SpecFile,
  HistorySpec,
  HistoryEntry,
  ToolFakeSpec,
  MatcherName,
} from './model/spec.js';
export { MATCHER_NAMES } from './model/spec.js';
export type {
  RunResult,
  ConversationResult,
  TurnRecord,
  AssertionResult,
  Attempt,
  GoldenComparison,
  RepeatSummary,
  RunSummary,
  Verdict,
  ErrorInfo,
} from './model/result.js';
export { summarize, passHatK } from './model/summary.js';
export { conversationVerdict, repeatVerdict, runVerdict, judgeRun } from './model/verdict.js';
export type { RunObserver, ConversationStartInfo } from './model/observer.js';

// The Sessions client (the cxas-scrapi seed API)
export { Sessions } from './client/index.js';
export type {
  SessionsOptions,
  RunOptions,
  RunSessionResponse,
  SessionOutput,
  Conversation,
  CallOptions,
} from './client/index.js';
export { CesError, CesInputError, CesAuthError, CesNotImplementedError, isTransient } from './client/index.js';
export { normalizeTurn, normalizeAudioTurn, formatTranscript } from './client/index.js';
export { loadCesProtos, toProto3Json, fromProto3Json } from './client/proto/index.js';

// The emulator
export { startEmulator, loadAppDefinition, AppDefinitionError } from './emulator/index.js';
export type { EmulatorOptions, RunningEmulator, AppDefinition } from './emulator/index.js';

// Specs, config and runs
export { loadSpecs, loadConfig, executeRun, planRuns, runSuite } from './runner/index.js';
export type { CxasConfig } from './runner/index.js';
export type { RunRequest, RunOutcome, PlanOptions, SessionsPort } from './runner/index.js';
export { SpecError } from './validation/index.js';

// The platform: evaluations on CES (push, run, pull) and tool tests (ToolService.ExecuteTool)
export {
  PlatformClient,
  pushSpecs,
  platformRun,
  pullEvaluations,
  runToolTests,
  selectToolTests,
} from './platform/index.js';
export type {
  PlatformClientOptions,
  PushReport,
  PlatformRunOptions,
  PlatformRunOutcome,
  PullReport,
} from './platform/index.js';
export type { ToolTestSpec, ToolTestCheck, ToolTestOperator } from './model/spec.js';

// Assertions
export { runAssertions, matchValue, MATCHERS } from './assertions/index.js';
export type { MatchContext, CustomMatcherFn } from './assertions/index.js';

// Reporters
export {
  createReporter,
  ReporterMultiplexer,
  writeReports,
  mergeRunResults,
  redactRunResult,
  REPORT_FILES,
} from './reporters/index.js';
export type { Reporter, ReporterOptions, ReporterName } from './reporters/index.js';

// Audio
export { createSynthesizer, encodeWav, decodeWav } from './audio/index.js';
export type { Synthesizer } from './audio/index.js';
