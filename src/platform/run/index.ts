// `platform run`: select pushed evaluations (by spec files and/or tag), RunEvaluation, wait for the
// operation and the run, and turn only that run's results into one RunResult.
import type { JsonObject } from '../../model/json.js';
import type { SpecFile } from '../../model/spec.js';
import type { Selection } from '../../model/selection.js';
import type { ConversationResult, ErrorInfo, RunPolicy, RunResult, RunTarget } from '../../model/result.js';
import { CesError } from '../../client/index.js';
import type { PlatformClient } from '../grpc.js';
import type { SpecRoot } from '../push/to-evaluation.js';
import { buildRunResult } from '../result.js';
import { startRun, waitForRun, type StartRunOptions } from './poll.js';
import { collectResults, type SelectedEvaluation } from './results.js';
import { Transcripts } from './transcripts.js';
import { NotPushedError, selectEvaluations } from './select.js';
import { checkPlatformRunOptionNames } from './option-names.js';

export { NotPushedError };

export interface PlatformRunOptions extends Omit<StartRunOptions, 'evaluations'> {
  /** Spec files whose pushed evaluations run; all evaluations of the app when absent. */
  files?: readonly SpecFile[];
  /** Where those specs sit: their evaluations are found from the project root (default: as loaded). */
  specRoot?: SpecRoot;
  /**
   * Which to run, by the rules `run` selects conversations by (src/model/selection.ts): the given
   * specs' conversations by their tags and `file › name`, else the app's evaluations by their tags
   * and the `file › name` their description names. Default: all.
   */
  selection?: Selection;
  /**
   * Also run evaluations that do not check all their spec says: pushed with --lossy, or of a
   * conversation push now refuses. Without it they are not run (listed as refused).
   */
  lossy?: boolean;
  /** The config's run policy: with `failOnSkipped`, an evaluation the platform skipped fails the run. */
  policy?: RunPolicy;
  /**
   * The config's run-wide `repeat:`: every evaluation's run count, over its spec's, as a local run
   * repeats every conversation; `runCount` (--run-count) overrides it.
   */
  repeat?: number;
  wait: boolean;
  timeoutMs: number;
  intervalMs?: number;
  onProgress?(run: JsonObject): void;
  /** Each long-running operation as RunEvaluation starts it: a caller stopped while waiting can name what goes on. */
  onStarted?(operation: string): void;
  toolVersion: string;
  target: RunTarget;
}

export type PlatformRunOutcome =
  | { kind: 'nothingSelected'; reason: string }
  /** `notStarted`: the groups whose RunEvaluation failed (while others started), each in words. */
  | {
      kind: 'started';
      operation: string;
      selected: number;
      refused: string[];
      overridden: string[];
      notStarted: string[];
    }
  /**
   * `refused`: conversations push refuses (with the refused keys) and evaluations pushed with
   * --lossy, not run (without --lossy), in words; `result` has each as an `error` result, and each
   * `skip:` conversation as `skipped`; `run` is absent when nothing was run; `overridden`:
   * evaluations whose verdict may differ from a local run's: their spec asks for another tool-call
   * mode or run count than the flags, or (with --lossy) they do not check all their spec says.
   */
  | { kind: 'finished'; result: RunResult; run?: string; refused: string[]; overridden: string[] };

export async function platformRun(client: PlatformClient, opts: PlatformRunOptions): Promise<PlatformRunOutcome> {
  checkPlatformRunOptionNames(opts);
  const { selected, refused, lossy, notRun, order } = await selectEvaluations(client, opts);
  // With --wait, what was not run is still reported (refused: error, skip: skipped), even alone.
  if (selected.length === 0 && !(opts.wait && notRun.length))
    return {
      kind: 'nothingSelected',
      reason: selectionText(opts.selection)
        ? `none matches the selection (${selectionText(opts.selection)})`
        : refused.length
          ? `push refused every conversation (${refused.join('; ')})`
          : 'no evaluations to run',
    };
  const startedAt = new Date();
  const groups = selected.length ? runGroups(selected, opts) : [];
  const overridden = [...selected.flatMap((s) => overriddenSettings(s, opts)), ...lossy];
  // Each group on its own: a platform error of one (its start, its polls, its results) is that
  // group's, never the others', whose runs go on and are reported.
  const starts = await Promise.all(
    groups.map((g) =>
      platformCall(
        startRun(client, {
          ...opts,
          evaluations: g.evaluations.map((s) => s.name),
          runCount: g.runCount,
          toolCalls: g.toolCalls,
        }).then((operation) => {
          opts.onStarted?.(String(operation['name']));
          return operation;
        }),
      ),
    ),
  );
  if (!opts.wait) return startedOutcome(groups, starts, refused, overridden);
  const finished = await Promise.all(
    groups.map((g, i) => {
      const start = starts[i]!;
      return start instanceof CesError
        ? failedGroup(client, g, callProblem(start, 'not started on the platform'))
        : finishGroup(client, g, start, opts);
    }),
  );
  const conversations = inOrder([...finished.flatMap((f) => f.conversations), ...notRun], order);
  if (opts.files) placeInSpecs(conversations, opts.files);
  const result = buildRunResult({
    toolVersion: opts.toolVersion,
    startedAt,
    target: opts.target,
    conversations,
    errors: finished.flatMap((f) => (f.problem ? [f.problem] : [])),
    passRates: new Map(
      selected.flatMap((s) => (s.settings.passRate !== undefined ? [[s.specId, s.settings.passRate]] : [])),
    ),
    ...(opts.policy ? { policy: opts.policy } : {}),
  });
  const runs = finished.flatMap((f) => (f.run ? [f.run] : []));
  return { kind: 'finished', result, refused, overridden, ...(runs.length ? { run: runs.join(', ') } : {}) };
}

/** The selection's criteria in words, as the config and flags name them ('' when it selects all). */
function selectionText(sel: Selection | undefined): string {
  // A list of patterns (a repeated --grep, a config list) selects what any of them matches.
  const quoted = (p: string | readonly string[]) =>
    typeof p === 'string' ? JSON.stringify(p) : p.map((one) => JSON.stringify(one)).join(' or ');
  return [
    sel?.tags?.length ? `tags: ${sel.tags.join(' or ')}` : '',
    sel?.excludeTags?.length ? `excludeTags: ${sel.excludeTags.join(', ')}` : '',
    sel?.grep !== undefined ? `grep: ${quoted(sel.grep)}` : '',
    sel?.grepInvert !== undefined ? `grepInvert: ${quoted(sel.grepInvert)}` : '',
    sel?.filter ? 'a filter' : '',
  ]
    .filter(Boolean)
    .join('; ');
}

/** Results in the order of the specs (or evaluations) they belong to, each one's runs in turn. */
function inOrder(conversations: ConversationResult[], order: string[]): ConversationResult[] {
  const position = new Map<string, number>();
  order.forEach((id, i) => position.has(id) || position.set(id, i));
  const at = (c: ConversationResult) => position.get(c.specId) ?? order.length;
  return conversations.sort((x, y) => at(x) - at(y) || x.runIndex - y.runIndex);
}

/** `--tool-calls` / `--run-count` differing from what a local run would do, in words. */
function overriddenSettings(s: SelectedEvaluation, opts: PlatformRunOptions): string[] {
  // A local run repeats as the config's repeat says, else as the spec does.
  const runs = opts.repeat ?? s.settings.runCount;
  const asks = opts.repeat !== undefined ? "the config's repeat: asks" : 'the spec asks';
  const changes = [
    ...(opts.toolCalls && opts.toolCalls !== s.settings.toolCalls
      ? [`${opts.toolCalls} tool calls (the spec asks for ${s.settings.toolCalls})`]
      : []),
    ...(opts.runCount !== undefined && opts.runCount !== runs ? [`${opts.runCount} runs (${asks} for ${runs})`] : []),
  ];
  return changes.length ? [`${s.file} › ${s.displayName} runs with ${changes.join(' and ')}`] : [];
}

interface RunGroup {
  toolCalls: 'fake' | 'real';
  runCount: number;
  evaluations: SelectedEvaluation[];
}

/**
 * One platform run per distinct (tool-call mode, run count): the platform sets both per run, the
 * specs per conversation. --tool-calls and --run-count (else the config's repeat), when given,
 * apply to every evaluation.
 */
function runGroups(selected: SelectedEvaluation[], opts: PlatformRunOptions): RunGroup[] {
  const groups = new Map<string, RunGroup>();
  for (const s of selected) {
    const toolCalls = opts.toolCalls ?? s.settings.toolCalls;
    const runCount = opts.runCount ?? opts.repeat ?? s.settings.runCount;
    const key = `${toolCalls}/${runCount}`;
    const group = groups.get(key) ?? { toolCalls, runCount, evaluations: [] };
    group.evaluations.push(s);
    groups.set(key, group);
  }
  return [...groups.values()];
}

/** A platform call's answer, or the platform's error (CesError) as a value; anything else is a bug and throws. */
async function platformCall(call: Promise<JsonObject>): Promise<JsonObject | CesError> {
  try {
    return await call;
  } catch (err) {
    if (err instanceof CesError) return err;
    throw err;
  }
}

/** A platform error of one group's call, as that group's run error (a deadline that passed: TIMEOUT). */
function callProblem(err: CesError, what: string): ErrorInfo {
  return {
    code: err.code === 'DEADLINE_EXCEEDED' ? 'TIMEOUT' : `PLATFORM_${err.code}`,
    message: `${what}: ${err.message}`,
  };
}

/** Without --wait: the operations that started; an error when none did, the failed starts listed when some did. */
function startedOutcome(
  groups: RunGroup[],
  starts: Array<JsonObject | CesError>,
  refused: string[],
  overridden: string[],
): PlatformRunOutcome {
  const started = starts.flatMap((s, i) => (s instanceof CesError ? [] : [{ operation: s, group: groups[i]! }]));
  if (started.length === 0) throw starts[0] as CesError;
  const count = (g: RunGroup) => `${g.evaluations.length} evaluation${g.evaluations.length === 1 ? '' : 's'}`;
  return {
    kind: 'started',
    operation: started.map((s) => String(s.operation['name'])).join(', '),
    selected: started.reduce((n, s) => n + s.group.evaluations.length, 0),
    refused,
    overridden,
    notStarted: starts.flatMap((s, i) => (s instanceof CesError ? [`(${count(groups[i]!)}): ${s.message}`] : [])),
  };
}

interface GroupOutcome {
  conversations: ConversationResult[];
  problem?: ErrorInfo;
  run?: string;
}

/** A group whose calls failed: each of its evaluations an `error` with the reason, which is also a run error. */
async function failedGroup(client: PlatformClient, group: RunGroup, problem: ErrorInfo): Promise<GroupOutcome> {
  // No run to read: collectResults makes no call and gives every evaluation the reason.
  const conversations = await collectResults(client, undefined, group.evaluations, {
    runCount: group.runCount,
    transcripts: new Transcripts(client),
    missingReason: problem,
  });
  return { conversations, problem };
}

/** Waits for one group's run and reads its results; a platform error on the way fails this group only. */
async function finishGroup(
  client: PlatformClient,
  group: RunGroup,
  operation: JsonObject,
  opts: PlatformRunOptions,
): Promise<GroupOutcome> {
  try {
    return await followGroup(client, group, operation, opts);
  } catch (err) {
    if (!(err instanceof CesError)) throw err;
    const what = `the run of operation ${String(operation['name'])} could not be followed to its results`;
    return failedGroup(client, group, callProblem(err, what));
  }
}

async function followGroup(
  client: PlatformClient,
  group: RunGroup,
  operation: JsonObject,
  opts: PlatformRunOptions,
): Promise<GroupOutcome> {
  const wait = await waitForRun(client, operation, {
    timeoutMs: opts.timeoutMs,
    ...(opts.intervalMs ? { intervalMs: opts.intervalMs } : {}),
    ...(opts.onProgress ? { onProgress: opts.onProgress } : {}),
  });
  const run = wait.kind === 'operationFailed' ? undefined : wait.run;
  const problem = runProblem(wait, opts.timeoutMs);
  const missingReason: ErrorInfo = problem ?? {
    code: 'PLATFORM_NO_RESULT',
    message: `run ${String(run?.['name'])} ended ${String(run?.['state'])} without a result for this evaluation`,
  };
  // A timed-out run's results so far are not final: every selected evaluation is an error.
  const conversations = await collectResults(client, wait.kind === 'finished' ? run : undefined, group.evaluations, {
    runCount: group.runCount,
    transcripts: new Transcripts(client),
    missingReason,
  });
  if (problem) distrustPasses(conversations, problem);
  return {
    conversations,
    ...(problem ? { problem } : {}),
    ...(run ? { run: String(run['name']) } : {}),
  };
}

/** A PASS inside a run that ended ERROR or CANCELLED is not evidence: such results are `error`. */
function distrustPasses(conversations: ConversationResult[], problem: ErrorInfo): void {
  for (const c of conversations) {
    if (c.status !== 'passed') continue;
    c.status = 'error';
    c.error = { ...problem, message: `${problem.message}; its PASS for this evaluation is not final` };
  }
}

/** Results of pushed specs point at the spec's lines, so reports and annotations do too. */
function placeInSpecs(conversations: ConversationResult[], files: readonly SpecFile[]): void {
  const specs = new Map(files.flatMap((f) => f.conversations).map((c) => [c.id, c]));
  for (const c of conversations) {
    const spec = specs.get(c.specId);
    if (!spec) continue;
    if (spec.loc) c.loc = spec.loc;
    for (const t of c.turns) {
      const loc = spec.turns[t.index]?.loc;
      if (loc) t.loc = loc;
    }
  }
}

function runProblem(wait: Awaited<ReturnType<typeof waitForRun>>, timeoutMs: number): ErrorInfo | undefined {
  if (wait.kind === 'operationFailed')
    return { code: 'PLATFORM_OPERATION_FAILED', message: `operation ${wait.operation} failed: ${wait.message}` };
  if (wait.kind === 'timeout') {
    const where = wait.run
      ? `run ${String(wait.run['name'])} still ${String(wait.run['state'])}`
      : wait.runName
        ? `run ${wait.runName} not read by any poll`
        : `operation ${wait.operation} has not started a run`;
    const failure = wait.lastFailure ? `; its last poll failed: ${wait.lastFailure}` : '';
    return {
      code: 'TIMEOUT',
      message: `${where} after ${Math.round(timeoutMs / 1000)} s (--timeout); its results are not final${failure}`,
    };
  }
  const state = String(wait.run['state']);
  if (state === 'COMPLETED') return undefined;
  const info = wait.run['errorInfo'] as JsonObject | undefined;
  const why = info?.['errorMessage'] ?? (wait.run['error'] as JsonObject | undefined)?.['message'];
  return {
    code: `PLATFORM_RUN_${state}`,
    message: `run ${String(wait.run['name'])} ended ${state}${why ? `: ${String(why)}` : ''}`,
  };
}
