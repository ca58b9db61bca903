// The typed spec: what the loader (src/runner/load) produces from YAML after validation.
// schemas/spec.schema.json is the source of truth for the YAML; this is its in-memory form.
import type { JsonObject, JsonValue } from './json.js';
import type { SourceLocation } from './location.js';
import type { EnvValue } from './env-values.js';
import type {
  CitationsMatcher,
  CustomMatcher,
  JudgeMatcher,
  LatencyMatcher,
  PayloadOptions,
  SessionEndedMatcher,
  TextMatcher,
  ToolCallMatcher,
  ToolSequenceMatcher,
  TransferMatcher,
  VariablesOptions,
} from './spec-expectations.generated.js';

type Modality = 'text' | 'audio';
type Pacing = 'realtime' | 'fast';

/** Conversation history shorthand entries (cxas-scrapi compatible). `model:` is normalised to `agent`. */
export type HistoryEntry = { user: string } | { agent: string; name?: string } | { role: string; chunks: JsonObject[] };

/** Either a recorded conversation to replay as context, or inline entries. */
export type HistorySpec =
  | { conversation: string; turns?: number }
  | { entries: HistoryEntry[] }
  /** cxas-scrapi `historical_contexts: {test_name}`: the session of another conversation, resolved at run time. */
  | { afterConversation: string };

export interface ToolFakeReply {
  respond?: JsonObject;
  error?: string | JsonObject;
}

/** Answers a client-side tool call (SessionOutput.toolCalls) during a run. */
export interface ToolFakeSpec extends ToolFakeReply {
  tool: string;
  /** Subset of the call's args (operators allowed) that must match. */
  whenArgs?: JsonObject;
  /** Replies used in order, one per matching call; the last repeats. */
  sequence?: ToolFakeReply[];
  loc?: SourceLocation;
}

export type TurnInputSpec =
  | { kind: 'text'; text: string }
  | { kind: 'event'; event: string }
  | { kind: 'dtmf'; digits: string }
  | { kind: 'blob'; file?: string; data?: string; mimeType?: string }
  | { kind: 'image'; file?: string; data?: string; mimeType?: string }
  | { kind: 'audio'; file?: string; say?: string }
  | { kind: 'variables'; variables: JsonObject }
  | { kind: 'toolResponses'; responses: ToolResponseSpec[] };

interface ToolResponseSpec {
  id?: string;
  tool: string;
  response: JsonObject;
  /** Where `tool` was written (validate checks it against the app's tools). */
  loc?: SourceLocation;
}

/** Names of the built-in matchers; the registry in src/assertions is checked against this list and the schema. */
export const MATCHER_NAMES = [
  'text',
  'transcript',
  'toolCall',
  'noToolCalls',
  'toolSequence',
  'transfer',
  'noTransfer',
  'payload',
  'variables',
  'sessionEnded',
  'citations',
  'latency',
  'custom',
  'judge',
] as const;
export type MatcherName = (typeof MATCHER_NAMES)[number];

/**
 * How expectations read when their options leave it open. `lenient` (the default): args and
 * payloads/variables as subsets, a tool call at least once, a plain text string as `contains`.
 * `strict`: all of them exact, tool calls (and payloads, citations) exactly as often as listed.
 */
export type MatchStyle = 'strict' | 'lenient';

/**
 * `custom` options: `module` is the path the loader resolved against the spec file, shown relative to
 * the working directory. `refused` says why the loader did not accept that path (it leads outside the
 * project roots, or names no file); a refused module is never imported (its expectation is `error`).
 */
export type CustomOptions = CustomMatcher & { refused?: string };

/** `text` and `transcript` options: the loader writes a plain string as `{contains}` (strict, a turn: `{equals}`). */
export type TextOptions = Exclude<TextMatcher, string>;
/** `toolCall` options: the loader writes a plain string as `{name}`. */
export type ToolCallOptions = Exclude<ToolCallMatcher, string>;
/** `transfer` options: the loader writes a plain string as `{to}`. */
export type TransferOptions = Exclude<TransferMatcher, string>;

/**
 * Each matcher's options as the matchers receive them: the types generated from
 * schemas/spec.schema.json (spec-expectations.generated.ts), with every shorthand written out by the
 * loader (src/runner/load/expectations.ts): a bare payload or variables object is `{value}` or
 * `{values}`. `custom.options` stays free JSON: it is the user's matcher's business.
 */
export interface MatcherOptions {
  text: TextOptions;
  transcript: TextOptions;
  toolCall: ToolCallOptions;
  noToolCalls: true;
  toolSequence: ToolSequenceMatcher;
  transfer: TransferOptions;
  noTransfer: true;
  payload: PayloadOptions;
  variables: VariablesOptions;
  sessionEnded: SessionEndedMatcher;
  citations: CitationsMatcher;
  latency: LatencyMatcher;
  custom: CustomOptions;
  judge: JudgeMatcher;
}

/** One assertion of matcher `K`. `not:` has been unwrapped into `negated`. */
export interface ExpectationOf<K extends MatcherName> {
  matcher: K;
  options: MatcherOptions[K];
  negated: boolean;
  loc?: SourceLocation;
  /** Where it came from when converted from cxas-scrapi, e.g. `scrapi: tool_called`. */
  origin?: string;
}

/** Each matcher's expectation, by name; `ExpectationByMatcher[K]` keeps a generic K tied to its options. */
export type ExpectationByMatcher = { [K in MatcherName]: ExpectationOf<K> };

/** One assertion from a spec: a union discriminated by `matcher`, whose options are typed per matcher. */
export type Expectation = ExpectationByMatcher[MatcherName];

export interface TurnSpec {
  input: TurnInputSpec;
  /** Variables sent as their own input before the main one (e.g. event variables). */
  variables?: JsonObject;
  expect: Expectation[];
  timeoutMs?: number;
  loc?: SourceLocation;
  /** Display label (cxas-scrapi `turn:` names). */
  label?: string;
}

export interface ConversationSpec {
  /** Stable id: `<file>#<name>`. */
  id: string;
  name: string;
  file: string;
  loc?: SourceLocation;
  app?: string;
  tags: string[];
  repeat: number;
  passRate?: number;
  /** Compare with the golden transcript even when the run does not ask for goldens. */
  golden?: boolean;
  timeoutMs?: number;
  history?: HistorySpec;
  variables?: JsonObject;
  useToolFakes?: boolean;
  deploymentId?: string;
  entryAgent?: string;
  /** Where `entryAgent` was written (the conversation's own or a default's), for validate's app check. */
  entryAgentLoc?: SourceLocation;
  timeZone?: string;
  modality: Modality;
  pacing?: Pacing;
  toolFakes: ToolFakeSpec[];
  /** Scripted turns; empty for a simulation. */
  turns: TurnSpec[];
  /** A simulated user instead of scripted turns (then `turns` is empty). */
  simulation?: SimulationSpec;
  expect: Expectation[];
  /** Present when the conversation must not run; the reason is reported. */
  skip?: string;
  /** `match:` of the conversation, else of the file's defaults, else of the config (default lenient). */
  match?: MatchStyle;
  /** Which format the file was written in. */
  format: 'native' | 'scrapi-turn-eval' | 'scrapi-golden' | 'scrapi-simulation';
}

/** One goal of a simulated user; graded by its own judge call over the final transcript. */
export interface SimulationGoal {
  goal: string;
  successCriteria: string;
  /** Turns this goal may take while it is the active one. */
  maxTurns?: number;
  responseGuide?: string;
  /** Session variables sent with the first turn pursuing this goal (cxas-scrapi inject_variables). */
  variables?: JsonObject;
  loc?: SourceLocation;
}

/** `simulation:` — the runner drives a user model until a stop rule holds (src/runner/run/simulation). */
export interface SimulationSpec {
  /** The first input; absent: the user model speaks first. */
  start?: { event: string } | { user: string };
  persona?: string;
  responseGuide?: string;
  goals: SimulationGoal[];
  /** Global turn limit (default from the config's simulation.maxTurns, else 20). */
  maxTurns?: number;
  /** Default from the config's simulation.userModel. */
  userModel?: string;
}

/**
 * How a tool test checks one value of ExecuteTool's response (or variables), found by a JSONPath.
 * `schemas/spec.schema.json` (`$defs/toolCheck`) is checked against this list.
 */
export const TOOL_TEST_OPERATORS = [
  'equals',
  'contains',
  'greaterThan',
  'lessThan',
  'lengthEquals',
  'lengthGreaterThan',
  'lengthLessThan',
  'isNull',
  'isNotNull',
] as const;
export type ToolTestOperator = (typeof TOOL_TEST_OPERATORS)[number];

export interface ToolTestCheck {
  /** JSONPath into the response (or variables): `$`, `.key`, `['key']`, `[0]`, `[*]`. */
  path: string;
  operator: ToolTestOperator;
  value?: JsonValue;
  loc?: SourceLocation;
}

/** One tool called directly (ToolService.ExecuteTool) with arguments, its result checked. */
export interface ToolTestSpec {
  /** Stable id: `<file>#<name>`. */
  id: string;
  name: string;
  file: string;
  loc?: SourceLocation;
  tags: string[];
  /** Tool display name, short name or full resource name. */
  tool: string;
  /** Where `tool` was written (validate checks it against the app's tools). */
  toolLoc?: SourceLocation;
  args: JsonObject;
  variables?: JsonObject;
  /** Sent as ExecuteToolRequest.context instead of variables (cxas-scrapi `context:`). */
  context?: JsonObject;
  expectResponse: ToolTestCheck[];
  expectVariables: ToolTestCheck[];
  skip?: string;
}

export interface SpecFile {
  file: string;
  format: ConversationSpec['format'] | 'scrapi-tool-test';
  app?: string;
  conversations: ConversationSpec[];
  /** Tool tests (native `toolTests:` or a cxas-scrapi tool-test file); run through ToolService. */
  toolTests?: ToolTestSpec[];
  /**
   * What `${env.NAME}` references put into the specs loaded with this file (absent when none did):
   * a later message about them (an app's names, a custom matcher) names the variable, not the value.
   */
  envValues?: readonly EnvValue[];
}
