// Platform outcomes → assertion results: each golden expectation outcome of a replayed turn, each
// LLM-criterion result and each scenario expectation, with the platform's explanation.
import type { JsonObject } from '../../model/json.js';
import { isJsonObject } from '../../model/json.js';
import type { AssertionResult, AssertionStatus } from '../../model/result.js';

const STATUS: Record<string, AssertionStatus> = { PASS: 'passed', FAIL: 'failed', SKIPPED: 'skipped' };

/** OUTCOME_UNSPECIFIED (or anything new) could not be evaluated: error, never passed. */
const assertionStatus = (outcome: unknown): AssertionStatus => STATUS[String(outcome)] ?? 'error';

const KINDS: Array<[string, string, string]> = [
  ['toolCall', 'toolCall', 'observedToolCall'],
  ['toolResponse', 'toolResponse', 'observedToolResponse'],
  ['agentResponse', 'text', 'observedAgentResponse'],
  ['agentTransfer', 'transfer', 'observedAgentTransfer'],
  ['updatedVariables', 'variables', 'observedPayload'],
  ['mockToolResponse', 'mockToolResponse', ''],
  ['noToolCalls', 'noToolCalls', 'observedToolCall'],
];

export function goldenOutcome(o: JsonObject, turn: number): AssertionResult {
  const expectation = (o['expectation'] as JsonObject | undefined) ?? {};
  const [key, matcher, observedKey] = KINDS.find(([k]) => expectation[k] !== undefined) ?? ['', 'golden', ''];
  const status = assertionStatus(o['outcome']);
  const expected = key ? expectation[key]! : expectation;
  const observed = observedKey ? o[observedKey] : undefined;
  const why = explanationOf(o);
  const comparison = expectation['comparisonType'] ? ` (${String(expectation['comparisonType'])})` : '';
  const message =
    `${matcher}${comparison}: ${String(o['outcome'] ?? 'OUTCOME_UNSPECIFIED')}` +
    `${why ? ` — ${why}` : ''}; expected ${brief(expected)}` +
    `${observed !== undefined ? `, observed ${brief(observed)}` : ''}`;
  return {
    matcher,
    negated: false,
    status,
    message,
    expected,
    ...(observed !== undefined ? { actual: observed } : {}),
    turn,
  };
}

function explanationOf(o: JsonObject): string {
  const tool = o['toolInvocationResult'] as JsonObject | undefined;
  const similarity = o['semanticSimilarityResult'] as JsonObject | undefined;
  return String(tool?.['explanation'] ?? similarity?.['explanation'] ?? '');
}

/**
 * Overall tool invocation of a turn: FAIL below score 1 (an expected call missing) or, at score 1,
 * a call that matched none of the turn's expectations (extraToolCallBehavior FAIL).
 */
export function overallToolOutcome(o: JsonObject, turn: number): AssertionResult[] {
  const status = assertionStatus(o['outcome']);
  const score = typeof o['toolInvocationScore'] === 'number' ? o['toolInvocationScore'] : undefined;
  if (status === 'passed' || (score !== undefined && score < 1)) return [];
  return [
    {
      matcher: 'toolCall',
      negated: false,
      status,
      message:
        `tool invocation: ${String(o['outcome'] ?? 'OUTCOME_UNSPECIFIED')}` +
        (status === 'failed' ? ' — a tool call matched none of the expected calls (extra tool call)' : ''),
      turn,
    },
  ];
}

/** Text chunks of a Message (an empty one: no agent text), or compact JSON. */
function brief(v: unknown): string {
  if (isJsonObject(v as JsonObject) && (v as JsonObject)['role'] !== undefined && !(v as JsonObject)['chunks'])
    return 'no agent text';
  if (isJsonObject(v as JsonObject) && Array.isArray((v as JsonObject)['chunks'])) {
    return JSON.stringify(((v as JsonObject)['chunks'] as JsonObject[]).map((c) => c['text'] ?? c).join(' '));
  }
  const text = JSON.stringify(v);
  return text.length > 200 ? `${text.slice(0, 197)}...` : text;
}

export function criterionOutcome(r: JsonObject): AssertionResult {
  const prompt = String(r['prompt'] ?? r['evaluationExpectation'] ?? '');
  const why = String(r['explanation'] ?? '');
  return {
    matcher: 'judge',
    negated: false,
    status: assertionStatus(r['outcome']),
    message: `${prompt}: ${String(r['outcome'] ?? 'OUTCOME_UNSPECIFIED')}${why ? ` — ${why}` : ''}`,
    expected: prompt,
  };
}

/** Rubric scores have no pass mark in the API; they are left to the platform's own verdict. */
export function scenarioOutcomes(s: JsonObject): AssertionResult[] {
  const expectations = ((s['expectationOutcomes'] as JsonObject[] | undefined) ?? []).map((o): AssertionResult => ({
    matcher: 'scenarioExpectation',
    negated: false,
    status: assertionStatus(o['outcome']),
    message: `${brief(o['expectation'])}: ${String(o['outcome'] ?? 'OUTCOME_UNSPECIFIED')}`,
  }));
  const taskExplanation = (s['taskCompletionResult'] as JsonObject | undefined)?.['explanation'];
  const task: AssertionResult[] =
    s['taskCompleted'] === undefined
      ? []
      : [
          {
            matcher: 'taskCompleted',
            negated: false,
            status: s['taskCompleted'] === true ? 'passed' : 'failed',
            message:
              `task completed: ${String(s['taskCompleted'])}` +
              (taskExplanation ? ` — ${String(taskExplanation)}` : ''),
          },
        ];
  const criteria = ((s['evaluationExpectationResults'] as JsonObject[] | undefined) ?? []).map(criterionOutcome);
  return [...expectations, ...task, ...criteria];
}
