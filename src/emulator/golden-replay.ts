// Replays an Evaluation.golden through the emulator's engine, one fresh session per run, and
// scores each GoldenExpectation against what the turn produced (EvaluationResult.GoldenResult).
// Semantic similarity is a deterministic stand-in (word overlap >= 0.5), as speech is.
import type { JsonObject, JsonValue } from '../model/json.js';
import { isJsonObject, sameJson } from '../model/json.js';
import type { CheckedConfig } from './config.js';
import type { EmulatorCore } from './core.js';
import { durationFromMs } from '../client/proto/index.js';

type Outcome = 'PASS' | 'FAIL' | 'SKIPPED';

interface Observed {
  texts: string[];
  toolCalls: JsonObject[];
  toolResponses: JsonObject[];
  transfers: JsonObject[];
  variables: JsonObject;
}

export interface ReplayedGolden {
  status: Outcome;
  turnReplayResults: JsonObject[];
  /** LLM criteria: the emulator has no judge, so they are SKIPPED with that explanation. */
  evaluationExpectationResults: JsonObject[];
}

export interface ReplayOptions {
  useToolFakes: boolean;
  prompts: Map<string, string>;
  /**
   * ToolMatchingSettings.extraToolCallBehavior of the evaluation's threshold override: FAIL (the
   * platform's default) fails a turn with a call that matches none of its toolCall expectations.
   */
  extraToolCalls: 'FAIL' | 'ALLOW';
}

export async function replayGolden(
  core: EmulatorCore,
  golden: JsonObject,
  sessionId: string,
  opts: ReplayOptions,
): Promise<ReplayedGolden> {
  const app = core.app.app;
  const location = app.split('/')[3] ?? 'us';
  const name = `${app}/sessions/${sessionId}`;
  const config: CheckedConfig = {
    name,
    appName: app,
    location,
    sessionId,
    useToolFakes: opts.useToolFakes,
    source: 'EVAL', // ListConversations lists it only when asked for evaluation conversations
  };
  const turnReplayResults: JsonObject[] = [];
  let endedAt = 0;
  for (const [i, turn] of ((golden['turns'] as JsonObject[] | undefined) ?? []).entries()) {
    const steps = (turn['steps'] as JsonObject[] | undefined) ?? [];
    if (endedAt) {
      turnReplayResults.push(notSent(app, sessionId, steps, endedAt));
      continue;
    }
    const inputs = steps.filter((s) => s['userInput'] !== undefined).map((s) => s['userInput'] as JsonObject);
    const outputs: JsonObject[] = [];
    const started = performance.now();
    if (inputs.length) await core.turn(config, inputs, (o) => outputs.push(o), undefined, mocksOf(steps));
    const turnLatency = durationFromMs(performance.now() - started);
    if (outputs.some((o) => o['endSession'] !== undefined)) endedAt = i + 1;
    const observed = observe(outputs);
    const expectations = steps.flatMap((s) => expectationOf(s));
    const expectationOutcome = expectations.map((e) => score(e, observed));
    const overall = overallToolInvocation(expectations, observed, opts.extraToolCalls);
    turnReplayResults.push({
      conversation: `${app}/conversations/${sessionId}`,
      expectationOutcome,
      turnLatency,
      ...(overall ? { overallToolInvocationResult: overall } : {}),
    });
  }
  const outcomes = turnReplayResults.flatMap((t) => [
    ...(t['expectationOutcome'] as JsonObject[]).map((o) => o['outcome'] as Outcome),
    ...(t['overallToolInvocationResult']
      ? [(t['overallToolInvocationResult'] as JsonObject)['outcome'] as Outcome]
      : []),
  ]);
  const evaluationExpectationResults = ((golden['evaluationExpectations'] as string[] | undefined) ?? []).map((n) => ({
    evaluationExpectation: n,
    prompt: opts.prompts.get(n) ?? '',
    outcome: 'SKIPPED',
    explanation: 'the emulator has no LLM judge: LLM criteria are not evaluated offline',
  }));
  const cutShort = turnReplayResults.some((t) => t['errorInfo'] !== undefined);
  const status: Outcome =
    cutShort || outcomes.includes('FAIL') ? 'FAIL' : outcomes.includes('PASS') ? 'PASS' : 'SKIPPED';
  return { status, turnReplayResults, evaluationExpectationResults };
}

/**
 * A golden turn after the agent ended the session: not sent, its expectations scored against
 * nothing, and the evaluation fails (the agent ended the conversation early).
 */
function notSent(app: string, sessionId: string, steps: JsonObject[], endedAt: number): JsonObject {
  const nothing: Observed = { texts: [], toolCalls: [], toolResponses: [], transfers: [], variables: {} };
  return {
    conversation: `${app}/conversations/${sessionId}`,
    expectationOutcome: steps.flatMap((s) => expectationOf(s)).map((e) => score(e, nothing)),
    errorInfo: {
      errorType: 'RUNTIME_FAILURE',
      errorMessage: `the agent ended the session at turn ${endedAt}; this turn was not sent`,
    },
  };
}

/** The turn's mock_tool_response expectations, by tool id (the resource's last segment). */
function mocksOf(steps: JsonObject[]): Map<string, JsonObject> | undefined {
  const mocks = new Map<string, JsonObject>();
  for (const s of steps) {
    const mock = (s['expectation'] as JsonObject | undefined)?.['mockToolResponse'] as JsonObject | undefined;
    const tool = typeof mock?.['tool'] === 'string' ? mock['tool'] : String(mock?.['displayName'] ?? '');
    if (mock && tool) mocks.set(tool.slice(tool.lastIndexOf('/') + 1), (mock['response'] as JsonObject) ?? {});
  }
  return mocks.size ? mocks : undefined;
}

/**
 * The turn's overall tool invocation: the share of expected tool calls that happened, and under
 * extraToolCallBehavior FAIL, no call that matches none of the expected ones. Absent when the
 * turn neither expected nor made a call.
 */
function overallToolInvocation(
  expectations: JsonObject[],
  seen: Observed,
  extra: 'FAIL' | 'ALLOW',
): JsonObject | undefined {
  const expected = expectations.filter((e) => isJsonObject(e['toolCall']) && e['skipEvaluation'] !== true);
  if (expected.length === 0 && seen.toolCalls.length === 0) return undefined;
  const invoked = expected.filter((e) => score(e, seen)['outcome'] === 'PASS').length;
  const score_ = expected.length ? invoked / expected.length : 1;
  const extras = seen.toolCalls.filter(
    (call) => !expected.some((e) => score(e, { ...seen, toolCalls: [call] })['outcome'] === 'PASS'),
  );
  const outcome = score_ >= 1 && (extra === 'ALLOW' || extras.length === 0) ? 'PASS' : 'FAIL';
  // OverallToolInvocationResult has no explanation: clients tell an extra call by a FAIL at score 1.
  return { toolInvocationScore: score_, outcome };
}

/** An `agent_transfer` step is scored like an agent_transfer expectation. */
function expectationOf(step: JsonObject): JsonObject[] {
  if (isJsonObject(step['expectation'])) return [step['expectation']];
  if (isJsonObject(step['agentTransfer'])) return [{ agentTransfer: step['agentTransfer'] }];
  return [];
}

function observe(outputs: JsonObject[]): Observed {
  const seen: Observed = { texts: [], toolCalls: [], toolResponses: [], transfers: [], variables: {} };
  const done = outputs.find((o) => o['turnCompleted'] === true);
  const messages =
    ((done?.['diagnosticInfo'] as JsonObject | undefined)?.['messages'] as JsonObject[] | undefined) ?? [];
  for (const m of messages.filter((msg) => msg['role'] !== 'user')) {
    for (const c of (m['chunks'] as JsonObject[] | undefined) ?? []) {
      if (typeof c['text'] === 'string') seen.texts.push(c['text']);
      if (isJsonObject(c['toolCall'])) seen.toolCalls.push(c['toolCall']);
      if (isJsonObject(c['toolResponse'])) seen.toolResponses.push(c['toolResponse']);
      if (isJsonObject(c['agentTransfer'])) seen.transfers.push(c['agentTransfer']);
      if (isJsonObject(c['updatedVariables'])) Object.assign(seen.variables, c['updatedVariables']);
    }
  }
  return seen;
}

function score(expectation: JsonObject, seen: Observed): JsonObject {
  const base = { expectation };
  if (expectation['skipEvaluation'] === true) return { ...base, outcome: 'SKIPPED' };
  const mode = String(expectation['comparisonType'] ?? 'COMPARISON_TYPE_UNSPECIFIED');
  if (isJsonObject(expectation['toolCall']))
    return scoreTool(base, expectation['toolCall'], seen.toolCalls, 'args', mode, 'observedToolCall');
  if (isJsonObject(expectation['toolResponse']))
    return scoreTool(base, expectation['toolResponse'], seen.toolResponses, 'response', mode, 'observedToolResponse');
  if (isJsonObject(expectation['agentResponse']))
    return scoreText(base, expectation['agentResponse'], seen.texts, mode);
  if (isJsonObject(expectation['agentTransfer'])) {
    // By the target agent only: AgentTransfer.display_name is output only, not part of what is expected.
    const want = expectation['agentTransfer'];
    const hit = seen.transfers.find((t) => sameName(t['targetAgent'], want['targetAgent']));
    return {
      ...base,
      outcome: hit ? 'PASS' : 'FAIL',
      ...((hit ?? seen.transfers[0]) ? { observedAgentTransfer: hit ?? seen.transfers[0]! } : {}),
    };
  }
  if (isJsonObject(expectation['updatedVariables'])) {
    return {
      ...base,
      outcome: isSubset(expectation['updatedVariables'], seen.variables) ? 'PASS' : 'FAIL',
      observedPayload: seen.variables,
    };
  }
  if (expectation['noToolCalls'] === true)
    return {
      ...base,
      outcome: seen.toolCalls.length === 0 ? 'PASS' : 'FAIL',
      ...(seen.toolCalls[0] ? { observedToolCall: seen.toolCalls[0] } : {}),
    };
  // mock_tool_response configures the replay; it is not scored.
  return { ...base, outcome: 'SKIPPED' };
}

function scoreTool(
  base: JsonObject,
  want: JsonObject,
  seen: JsonObject[],
  field: string,
  mode: string,
  key: string,
): JsonObject {
  // By the tool only: ToolCall.display_name (and ToolResponse's) is output only, not part of what is
  // expected; CES does not read it from a golden, so a golden naming no tool matches no call.
  const named = seen.filter((c) => sameName(c['tool'], want['tool']));
  const expected = (want[field] as JsonObject | undefined) ?? {};
  const hit = named.find((c) =>
    mode === 'EQUALS' ? sameJson(expected, c[field] ?? {}) : isSubset(expected, (c[field] as JsonValue) ?? {}),
  );
  const shown = hit ?? named[0] ?? seen[0];
  const explanation = hit
    ? `${field} matched`
    : named.length
      ? `${String(want['displayName'] ?? want['tool'])} was called with other ${field}`
      : `${String(want['displayName'] ?? want['tool'])} was not called`;
  return {
    ...base,
    outcome: hit ? 'PASS' : 'FAIL',
    ...(shown ? { [key]: shown } : {}),
    toolInvocationResult: { outcome: hit ? 'PASS' : 'FAIL', explanation },
  };
}

function scoreText(base: JsonObject, want: JsonObject, texts: string[], mode: string): JsonObject {
  const expected = ((want['chunks'] as JsonObject[] | undefined) ?? [])
    .map((c) => String(c['text'] ?? ''))
    .join(' ')
    .trim();
  const actual = texts.join(' ').trim();
  const observedAgentResponse = { role: String(want['role'] ?? 'agent'), chunks: texts.map((text) => ({ text })) };
  if (mode === 'EQUALS' || mode === 'CONTAINS') {
    const pass = mode === 'EQUALS' ? actual === expected : actual.includes(expected);
    return { ...base, outcome: pass ? 'PASS' : 'FAIL', observedAgentResponse };
  }
  const similarity = overlap(expected, actual);
  const outcome = similarity >= 0.5 ? 'PASS' : 'FAIL';
  const explanation =
    `word overlap ${similarity.toFixed(2)} ` + "(the emulator's stand-in for semantic similarity; pass at 0.50)";
  return {
    ...base,
    outcome,
    observedAgentResponse,
    semanticSimilarityResult: { score: Math.round(similarity * 4), label: outcome, explanation, outcome },
  };
}

const words = (s: string): Set<string> => new Set(s.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []);

function overlap(a: string, b: string): number {
  const x = words(a);
  const y = words(b);
  if (x.size === 0 && y.size === 0) return 1;
  const shared = [...x].filter((w) => y.has(w)).length;
  return shared / Math.max(x.size, y.size);
}

/** `.../tools/x` and `x` name the same tool. */
function sameName(a: unknown, b: unknown): boolean {
  if (typeof a !== 'string' || typeof b !== 'string' || b === '') return false;
  return a === b || a.slice(a.lastIndexOf('/') + 1) === b.slice(b.lastIndexOf('/') + 1);
}

function isSubset(want: JsonValue, got: JsonValue): boolean {
  if (isJsonObject(want))
    return isJsonObject(got) && Object.entries(want).every(([k, v]) => k in got && isSubset(v, got[k]!));
  return sameJson(want, got);
}
