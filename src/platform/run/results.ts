// Only this run's EvaluationResults (the names the run lists, each checked to name the run) →
// ConversationResults: PASS → passed, FAIL → failed, SKIPPED → skipped; ERROR, CANCELLED, a run
// that failed or timed out, or a result that never came → error, with the platform's reason.
import pLimit from 'p-limit';
import type { JsonObject } from '../../model/json.js';
import { shortName } from '../../model/inventory.js';
import type { ConversationResult, ErrorInfo, TurnRecord, Verdict } from '../../model/result.js';
import type { ConversationSpec } from '../../model/spec.js';
import type { PlatformClient } from '../grpc.js';
import { criterionOutcome, goldenOutcome, overallToolOutcome, scenarioOutcomes } from './outcomes.js';
import { msOfDuration } from './durations.js';
import { NOT_SENT, type Transcripts } from './transcripts.js';
import { parseRunSettings, type RunSettings } from '../push/run-settings.js';

export interface SelectedEvaluation {
  name: string;
  displayName: string;
  specId: string;
  file: string;
  tags: string[];
  /** What the spec asks of the run (description lines written by push); defaults otherwise. */
  settings: RunSettings;
  /** Per golden turn, whether it has a user input to send (a --lossy push may leave a turn none). */
  sentTurns: boolean[];
}

const MARKER = /^cxas-eval spec: (.+ › .+)$/;
const SEPARATOR = ' › ';

/**
 * The spec an evaluation was pushed from (its description's first line), else the evaluation itself;
 * given the loaded `spec` it was found for, results name that spec as a local run does (its path
 * as loaded, not the project-root path of the marker), so they are placed on its lines.
 */
export function selectedOf(e: JsonObject, spec?: Pick<ConversationSpec, 'id' | 'file' | 'name'>): SelectedEvaluation {
  const selected = fromDescription(e);
  return spec ? { ...selected, specId: spec.id, file: spec.file, displayName: spec.name } : selected;
}

function fromDescription(e: JsonObject): SelectedEvaluation {
  const name = String(e['name']);
  const description = String(e['description'] ?? '');
  const body = MARKER.exec(description.split('\n')[0]!)?.[1];
  const m = body === undefined ? undefined : splitMarker(body, e['displayName']);
  const tags = ((e['tags'] as string[] | undefined) ?? []).slice();
  const settings = parseRunSettings(description);
  const sentTurns = sentTurnsOf(e);
  return m
    ? { name, displayName: m.name, specId: `${m.file}#${m.name}`, file: m.file, tags, settings, sentTurns }
    : { name, displayName: String(e['displayName'] ?? name), specId: name, file: name, tags, settings, sentTurns };
}

/**
 * `<file> › <conversation name>`, where the name may hold ` › ` itself: it is the evaluation's
 * display name (push writes both), else what follows the first ` › ` after a .yaml/.yml path, else
 * what follows the first ` › `.
 */
function splitMarker(body: string, displayName: unknown): { file: string; name: string } {
  const at = (i: number) => ({ file: body.slice(0, i), name: body.slice(i + SEPARATOR.length) });
  if (typeof displayName === 'string' && body.endsWith(`${SEPARATOR}${displayName}`))
    return at(body.length - displayName.length - SEPARATOR.length);
  const yaml = /\.ya?ml › /.exec(body);
  return at(yaml ? body.indexOf(SEPARATOR, yaml.index) : body.indexOf(SEPARATOR));
}

function sentTurnsOf(e: JsonObject): boolean[] {
  const turns = ((e['golden'] as JsonObject | undefined)?.['turns'] as JsonObject[] | undefined) ?? [];
  return turns.map((t) => ((t['steps'] as JsonObject[] | undefined) ?? []).some((x) => x['userInput'] !== undefined));
}

export interface CollectOptions {
  runCount: number;
  transcripts: Transcripts;
  missingReason: ErrorInfo;
}

export async function collectResults(
  client: PlatformClient,
  run: JsonObject | undefined,
  selected: SelectedEvaluation[],
  opts: CollectOptions,
): Promise<ConversationResult[]> {
  const limit = pLimit(8);
  const names = (run?.['evaluationResults'] as string[] | undefined) ?? [];
  const fetched = await Promise.all(
    names.map((n) => limit(() => client.call('EvaluationService', 'GetEvaluationResult', { name: n }, 'name'))),
  );
  const ours = fetched.filter((r) => r['evaluationRun'] === run?.['name']);
  return Promise.all(
    selected.flatMap((s) => {
      const results = ours.filter((r) => String(r['name']).startsWith(`${s.name}/results/`));
      const count = Math.max(opts.runCount, results.length);
      return Array.from({ length: count }, (_v, k) => limit(() => conversationOf(s, results[k], k, count, opts)));
    }),
  );
}

/** What a result names: a loaded spec's conversation, or an evaluation (its spec as its marker says). */
export interface ResultSubject {
  specId: string;
  name: string;
  file: string;
  tags: string[];
  loc?: ConversationSpec['loc'];
}

function shellOf(s: ResultSubject, k: number, repeat: number, startedAt: string): ConversationResult {
  return {
    id: `${s.specId}#${k}`,
    specId: s.specId,
    name: s.name,
    file: s.file,
    ...(s.loc ? { loc: s.loc } : {}),
    tags: s.tags,
    runIndex: k,
    repeat,
    modality: 'text',
    status: 'error',
    startedAt,
    durationMs: 0,
    attempts: [],
    turns: [],
    assertions: [],
  };
}

/**
 * A conversation the run did not evaluate: `error` with why (push refuses it, its evaluation does
 * not check what the spec says), or `skipped` with the spec's `skip:` reason, as a local run reports it.
 */
export function notRunResult(
  s: ResultSubject,
  why: { status: 'error'; error: ErrorInfo } | { status: 'skipped'; reason: string },
): ConversationResult {
  const base = shellOf(s, 0, 1, new Date().toISOString());
  return why.status === 'error'
    ? withStatus(base, 'error', why.error)
    : { ...withStatus(base, 'skipped'), skipReason: why.reason };
}

async function conversationOf(
  s: SelectedEvaluation,
  r: JsonObject | undefined,
  k: number,
  repeat: number,
  opts: CollectOptions,
): Promise<ConversationResult> {
  const subject = { specId: s.specId, name: s.displayName, file: s.file, tags: s.tags };
  const base = shellOf(subject, k, repeat, String(r?.['createTime'] ?? new Date().toISOString()));
  if (!r) return withStatus(base, 'error', opts.missingReason);
  const golden = r['goldenResult'] as JsonObject | undefined;
  const scenario = r['scenarioResult'] as JsonObject | undefined;
  const turns = golden ? await turnsOf(golden, opts.transcripts, s.sentTurns) : [];
  const assertions = golden
    ? ((golden['evaluationExpectationResults'] as JsonObject[] | undefined) ?? []).map(criterionOutcome)
    : scenario
      ? scenarioOutcomes(scenario)
      : [];
  const conversation = String(
    (golden?.['turnReplayResults'] as JsonObject[] | undefined)?.[0]?.['conversation'] ??
      scenario?.['conversation'] ??
      '',
  );
  const durationMs = turns.reduce((sum, t) => sum + (t.result?.latency.totalMs ?? 0), 0);
  const filled = {
    ...base,
    durationMs,
    turns,
    assertions,
    ...(conversation ? { sessionId: shortName(conversation) } : {}),
  };
  const state = String(r['executionState'] ?? 'EXECUTION_STATE_UNSPECIFIED');
  const unanswered = unansweredClientCall(turns);
  if (state === 'COMPLETED' && unanswered) return withStatus(filled, 'error', unanswered);
  if (state !== 'COMPLETED')
    return withStatus(filled, 'error', { code: `PLATFORM_${state}`, message: platformError(r, state) });
  const outcome = String(r['evaluationStatus'] ?? 'OUTCOME_UNSPECIFIED');
  if (outcome === 'PASS') return withStatus(filled, 'passed');
  if (outcome === 'FAIL') return withStatus(filled, 'failed');
  if (outcome === 'SKIPPED')
    return { ...withStatus(filled, 'skipped'), skipReason: 'the platform skipped this evaluation' };
  return withStatus(filled, 'error', {
    code: 'PLATFORM_NO_OUTCOME',
    message: `the result completed without an outcome (${outcome})`,
  });
}

/**
 * A client tool call left waiting: a local run answers it from the conversation's fakes or stops
 * with an error, so the replay did not do what the spec means, whatever it scored.
 */
function unansweredClientCall(turns: TurnRecord[]): ErrorInfo | undefined {
  for (const t of turns) {
    const call = t.result?.toolCalls.find((c) => c.origin === 'client');
    if (call)
      return {
        code: 'UNANSWERED_CLIENT_TOOL',
        message:
          `turn ${t.index + 1}: client tool ${call.name} was left waiting (no mock tool response answered it; ` +
          'a local run answers it from toolFakes or stops with an error)',
        turn: t.index,
      };
  }
  return undefined;
}

function platformError(r: JsonObject, state: string): string {
  const info = r['errorInfo'] as JsonObject | undefined;
  const status = r['error'] as JsonObject | undefined;
  const why = info?.['errorMessage'] ?? info?.['userFacingErrorMessage'] ?? status?.['message'];
  const type = info?.['errorType'] ? ` (${String(info['errorType'])})` : '';
  return `the platform reports ${state}${why ? `: ${String(why)}` : ''}${type}`;
}

function withStatus(c: ConversationResult, status: Verdict, error?: ErrorInfo): ConversationResult {
  return {
    ...c,
    status,
    attempts: [
      { attempt: 1, sessionId: c.sessionId ?? '', status, durationMs: c.durationMs, ...(error ? { error } : {}) },
    ],
    ...(error ? { error } : {}),
  };
}

const NOT_SENT_MESSAGE =
  'this golden turn has no user input, so nothing was sent for it (a --lossy push leaves out an input ' +
  'it cannot carry); its expectations were checked against no reply';

async function turnsOf(golden: JsonObject, transcripts: Transcripts, sentTurns: boolean[]): Promise<TurnRecord[]> {
  const replays = (golden['turnReplayResults'] as JsonObject[] | undefined) ?? [];
  return Promise.all(
    replays.map(async (t, i): Promise<TurnRecord> => {
      // Mock tool responses configure the replay; they are not checks.
      const outcomes = ((t['expectationOutcome'] as JsonObject[] | undefined) ?? []).filter(
        (o) => (o['expectation'] as JsonObject | undefined)?.['mockToolResponse'] === undefined,
      );
      const overall = t['overallToolInvocationResult'] as JsonObject | undefined;
      const assertions = [
        ...outcomes.map((o) => goldenOutcome(o, i)),
        ...(overall ? overallToolOutcome(overall, i) : []),
      ];
      const got = t['conversation'] ? await transcripts.turn(String(t['conversation']), i, sentTurns) : undefined;
      const result = typeof got === 'object' && !(got instanceof Error) ? got : undefined;
      const latencyMs = msOfDuration(t['turnLatency']);
      if (result && latencyMs !== undefined) result.latency = { totalMs: latencyMs, serverMs: latencyMs };
      const error = turnError(t['errorInfo'] as JsonObject | undefined, got, i);
      return {
        index: i,
        inputs: result ? result.inputs : [],
        assertions,
        ...(result ? { result } : {}),
        ...(error ? { error } : {}),
      };
    }),
  );
}

/** A replayed turn's error: the platform's, else why it has no transcript. */
function turnError(
  info: JsonObject | undefined,
  got: Awaited<ReturnType<Transcripts['turn']>> | undefined,
  turn: number,
): ErrorInfo | undefined {
  if (info)
    return {
      code: `PLATFORM_${String(info['errorType'] ?? 'ERROR')}`,
      message: String(info['errorMessage'] ?? ''),
      turn,
    };
  if (got instanceof Error) return { code: 'TRANSCRIPT_UNAVAILABLE', message: got.message, turn };
  if (got === NOT_SENT) return { code: 'TURN_NOT_SENT', message: NOT_SENT_MESSAGE, turn };
  return undefined;
}
