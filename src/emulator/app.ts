// The emulated app, as written in YAML (schemas/emulator-app.schema.json is the source of truth).
import type { JsonObject, JsonValue } from '../model/json.js';
import type { InventoryRoute } from '../model/inventory.js';

/** Simulated model latency per turn: fixed, uniform or normal (clamped at 0). */
export type LatencySpec = number | { min: number; max: number } | { mean: number; stddev: number };

export interface FaultSpec {
  /** Probability (0..1) that a turn fails with UNAVAILABLE. */
  unavailable: number;
  /** Probability (0..1) that a turn fails with RESOURCE_EXHAUSTED carrying RetryInfo. */
  resourceExhausted: number;
  /** RetryInfo delay sent with RESOURCE_EXHAUSTED (default 1000 ms). */
  retryDelayMs: number;
  /** Probability (0..1) that the HTTP/2 stream (or WebSocket) is reset instead of answered. */
  dropStream: number;
  /** Turns per second across the whole emulator (token bucket); null = unlimited. */
  quotaTurnsPerSecond: number | null;
  /** Probability (0..1) that a bidi stream gets goAway after a turn completes, then is closed. */
  goAway: number;
  /** Probability (0..1) that a bidi turn never completes (for client timeout tests). */
  stallTurn: number;
}

/** Audio sessions (BidiRunSession with inputAudioConfig). */
interface AudioSettings {
  /** Non-speech that ends an utterance (default 500 ms). */
  silenceMs?: number;
}

/** A tool failure: a message, or a structured error; sent as the tool response `{error: ...}`. */
export type ToolError = string | JsonObject;

/** A server tool's answer to calls whose args contain `whenArgs` (strings may be "/re/flags"). */
interface ToolAnswer {
  whenArgs: JsonObject;
  response?: JsonObject;
  error?: ToolError;
}

export interface ToolDefinition {
  displayName?: string;
  /** Server-side tool: the response it returns (templates allowed). */
  response?: JsonObject;
  /** Server-side tool: fails with this error (instead of `response`). */
  error?: ToolError;
  /** Answers per argument, tried in order before `fake` / `response` / `error`. */
  answers?: ToolAnswer[];
  /** Returned instead of `response` when the session sets useToolFakes. */
  fake?: JsonObject;
  /** A client function: emitted as SessionOutput.toolCalls, answered by SessionInput.toolResponses. */
  client?: boolean;
}

export type VariableCondition = { var: string } & ({ equals: JsonValue } | { exists: boolean } | { matches: string });

export interface RouteCondition {
  text?: string;
  event?: string;
  dtmf?: string;
  blob?: string;
  image?: string;
  variable?: VariableCondition;
  toolResponse?: string;
  /** Speech whose key is not in the transcripts table. */
  unrecognized?: true;
  default?: true;
}

interface Citation {
  uri?: string;
  title?: string;
  text?: string;
}

export type Action =
  | { say: string }
  /** `onError`: what the route does instead of its remaining actions when the tool fails. */
  | { call: { tool: string; args?: JsonObject; onError?: Action[] } }
  | { transfer: string }
  | { payload: JsonObject }
  | { set: JsonObject }
  | { cite: Citation[] }
  | { end: true | { metadata?: JsonObject } };

export interface Route {
  on: RouteCondition;
  /** Shorthand for `do: [{ say }]` (before any `do` actions when both are given). */
  say?: string;
  do?: Action[];
}

interface AgentDefinition {
  displayName?: string;
  routes: Route[];
}

export interface AppDefinition {
  /** App resource name: projects/{p}/locations/{l}/apps/{a}. */
  app: string;
  /** Deployment ids this app serves, each with these same agents (config.deployment: others are NOT_FOUND). */
  deployments?: string[];
  rootAgent: string;
  variables?: JsonObject;
  tools?: Record<string, ToolDefinition>;
  agents: Record<string, AgentDefinition>;
  latencyMs?: LatencySpec;
  faults?: Partial<FaultSpec>;
  /** Seed of the latency/fault generator (default 1). */
  seed?: number;
  /** The stand-in for speech recognition: transcriptKey (SHA-256 of trimmed speech) → text. */
  transcripts?: Record<string, string>;
  /** A JSON file `{key: text}` merged into `transcripts`, relative to the app file. */
  transcriptsFile?: string;
  audio?: AudioSettings;
}

/** The actions of a route, with the `say` shorthand expanded. */
export function routeActions(route: Route): Action[] {
  return [...(route.say !== undefined ? [{ say: route.say }] : []), ...(route.do ?? [])];
}

/** A route's name in spans and coverage: `<agent>#<n>`, its 1-based position among the agent's routes. */
export function routeId(agent: string, index: number): string {
  return `${agent}#${index + 1}`;
}

/** Every route of the app, agent by agent in file order (coverage's route inventory). */
export function appRoutes(app: AppDefinition): InventoryRoute[] {
  return Object.entries(app.agents).flatMap(([agent, def]) =>
    def.routes.map((route, i) => ({ id: routeId(agent, i), agent, on: conditionText(route.on) })),
  );
}

function conditionText(on: RouteCondition): string {
  return Object.entries(on)
    .map(([key, value]) => `${key}: ${typeof value === 'string' ? value : JSON.stringify(value)}`)
    .join(', ');
}
