// cxas-eval public API: explicit named exports only (no `export *`), one statement per module.

// Domain model
export type { JsonObject, JsonValue } from './model/json.js';
export type { SourceLocation, StepUse } from './model/location.js';
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
export {
  MATCHER_NAMES,
  type ConversationSpec,
  type TurnSpec,
  type TurnInputSpec,
  type Expectation,
  type SpecFile,
  type HistorySpec,
  type HistoryEntry,
  type ToolFakeSpec,
  type MatcherName,
  type ToolTestSpec,
  type ToolTestCheck,
  type ToolTestOperator,
} from './model/spec.js';
export type {
  RunResult,
  ConversationResult,
  TurnRecord,
  AssertionResult,
  Attempt,
  GoldenComparison,
  RepeatSummary,
  RunSummary,
  RunTarget,
  Verdict,
  ErrorInfo,
} from './model/result.js';
export { EXIT, runExitCode } from './model/exit-codes.js';
export { summarize, passHatK } from './model/summary.js';
export { conversationVerdict, repeatVerdict, runVerdict } from './model/verdict.js';
export { finalizeRun, type RunFacts } from './model/finalize.js';
export { selectToolTests, type Selection } from './model/selection.js';
export type { RunObserver, ConversationStartInfo } from './model/observer.js';

// The Sessions client (the cxas-scrapi seed API)
export {
  Sessions,
  CesError,
  CesInputError,
  CesAuthError,
  CesNotImplementedError,
  isTransient,
  normalizeTurn,
  normalizeAudioTurn,
  formatTranscript,
  type SessionsOptions,
  type RunOptions,
  type RunSessionResponse,
  type SessionOutput,
  type Conversation,
  type CallOptions,
} from './client/index.js';
export { loadCesProtos, toProto3Json, fromProto3Json } from './client/proto/index.js';

// The emulator
export {
  startEmulator,
  loadAppDefinition,
  AppDefinitionError,
  type EmulatorOptions,
  type RunningEmulator,
  type AppDefinition,
} from './emulator/index.js';

// A run as `cxas-eval run` makes it (README "Library"): options over the config over the defaults
export {
  run,
  prepareRun,
  runPrepared,
  effectiveOptions,
  RunInputError,
  RunLoadError,
  DEFAULTS,
  type LibraryRunOptions,
  type LibraryRunOutcome,
  type NothingToRerun,
  type PreparedRun,
  type RunSettings,
  type EffectiveRunOptions,
  type RunIO,
} from './library/index.js';

// Specs, config and runs
export {
  loadSpecs,
  loadConfig,
  executeRun,
  planRuns,
  runSuite,
  convertFile,
  type CxasConfig,
  type RunRequest,
  type MoreRunsControl,
  type RunOutcome,
  type PlanOptions,
  type SessionsPort,
} from './runner/index.js';
export { SpecError } from './validation/index.js';

// The platform: evaluations on CES (push, run, pull) and tool tests (ToolService.ExecuteTool)
export {
  PlatformClient,
  pushSpecs,
  platformRun,
  pullEvaluations,
  runToolTests,
  type PlatformClientOptions,
  type PushReport,
  type PlatformRunOptions,
  type PlatformRunOutcome,
  type PullReport,
} from './platform/index.js';

// The LLM judge's configuration (config `judge:`)
export type { JudgeConfig } from './judge/index.js';

// Assertions
export { runAssertions, matchValue, MATCHERS, type MatchContext, type CustomMatcherFn } from './assertions/index.js';

// Reporters
export {
  createReporter,
  ReporterMultiplexer,
  writeReports,
  mergeRunResults,
  redactRunResult,
  loadRunResult,
  REPORT_FILES,
  type Reporter,
  type ReporterOptions,
  type ReporterName,
} from './reporters/index.js';

// Audio
export {
  createSynthesizer,
  encodeWav,
  decodeWav,
  transcriptKey,
  transcriptKeyFor,
  type AudioConfig,
  type Synthesizer,
} from './audio/index.js';
