// RunEvaluation as a long-running operation: the run starts at once (goldens replayed through the
// engine), but the operation and the run report progress poll by poll, so clients must poll
// both. Faults are injectable per emulator (every run) or per evaluation (by tag).
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { JsonObject } from '../model/json.js';
import { timestampFromMs } from '../client/proto/index.js';
import { anyTypeUrl } from '../client/proto/index.js';
import type { EmulatorCore } from './core.js';
import { status as GrpcStatus } from '@grpc/grpc-js';
import { EmulatorError, invalidArgument, notFound } from './errors.js';
import { replayGolden } from './golden-replay.js';
import type { ResourceCollection } from './evaluation-store.js';

export interface EvaluationRunOptions {
  /** GetOperation polls before the operation is done (default 1). */
  operationPolls?: number;
  /** GetEvaluationRun polls that answer QUEUED first (default 0). */
  queuedPolls?: number;
  /** GetEvaluationRun polls that answer RUNNING before the run may finish (default 2). */
  pollsToFinish?: number;
  /** Every run ends in this state instead of COMPLETED (its results are still served). */
  runState?: 'ERROR' | 'CANCELLED';
  /**
   * A platform that falters for a while (tests of a client's retries): the first this many
   * GetEvaluationRun polls of each run answer UNAVAILABLE (default 0).
   */
  unavailablePolls?: number;
  /**
   * Then the next `count` polls of each run answer only after `delayMs`, past a client's per-call
   * deadline (its DEADLINE_EXCEEDED). Neither kind counts toward `queuedPolls` or `pollsToFinish`.
   */
  slowPolls?: { count: number; delayMs: number };
}

/** Per-evaluation injection: an evaluation tagged `emulator:error` ends ERROR, and so on. */
const TAG_STATES: Record<string, string> = {
  'emulator:error': 'ERROR',
  'emulator:cancelled': 'CANCELLED',
  'emulator:queued': 'QUEUED',
  'emulator:skipped': 'SKIPPED',
};

/**
 * Per-evaluation call faults: RunEvaluation of a run holding an evaluation tagged
 * `emulator:run-unavailable`, or every GetEvaluationRun of a run holding one tagged
 * `emulator:poll-unavailable` (the run is started and goes on), answers UNAVAILABLE.
 */
const RUN_UNAVAILABLE = 'emulator:run-unavailable';
const POLL_UNAVAILABLE = 'emulator:poll-unavailable';
const tagged = (evaluations: JsonObject[], tag: string): JsonObject | undefined =>
  evaluations.find((e) => ((e['tags'] as string[] | undefined) ?? []).includes(tag));
const unavailable = (what: string, e: JsonObject, tag: string): EmulatorError =>
  new EmulatorError(GrpcStatus.UNAVAILABLE, `${what} is unavailable (injected: ${String(e['name'])} has tag ${tag})`);

interface RunState {
  run: JsonObject;
  /** An evaluation of the run tagged emulator:poll-unavailable: its polls fail. */
  pollFault?: JsonObject;
  polls: number;
  /** Polls answered by `unavailablePolls` or `slowPolls` so far. */
  faultedPolls: number;
  opPolls: number;
  operation: string;
  work: Promise<void>;
  finished: boolean;
}

export class EvaluationRuns {
  readonly runs = new Map<string, RunState>();
  readonly results = new Map<string, JsonObject>();
  private readonly operations = new Map<string, RunState>();

  constructor(
    private readonly core: EmulatorCore,
    private readonly evaluations: ResourceCollection,
    private readonly expectations: ResourceCollection,
    private readonly opts: EvaluationRunOptions,
  ) {}

  start(req: JsonObject): JsonObject {
    const app = this.core.app.app;
    if (req['app'] !== app)
      throw notFound(`app "${String(req['app'] ?? '')}" not found: this emulator serves "${app}"`);
    const names = (req['evaluations'] as string[] | undefined) ?? [];
    if (names.length === 0) throw invalidArgument('evaluations is required (the emulator has no evaluation datasets)');
    const evaluations = names.map((n) => this.evaluations.get(n));
    const runFault = tagged(evaluations, RUN_UNAVAILABLE);
    if (runFault) throw unavailable('RunEvaluation', runFault, RUN_UNAVAILABLE);
    const id = randomUUID();
    const runName = `${app}/evaluationRuns/${id}`;
    const operation = `${app}/operations/run-${id}`;
    const runCount = Number(req['runCount'] ?? 1) || 1;
    const config = (req['config'] as JsonObject | undefined) ?? {};
    const run: JsonObject = {
      name: runName,
      displayName: String(req['displayName'] ?? `run ${id.slice(0, 8)}`),
      createTime: timestampFromMs(Date.now()),
      evaluations: names,
      evaluationResults: [],
      state: 'QUEUED',
      runCount,
      config,
      operation,
      goldenRunMethod: String(req['goldenRunMethod'] ?? 'GOLDEN_RUN_METHOD_UNSPECIFIED'),
      progress: { totalCount: evaluations.length * runCount },
      evaluationType: evaluations.every((e) => e['golden'])
        ? 'GOLDEN'
        : evaluations.every((e) => e['scenario'])
          ? 'SCENARIO'
          : 'MIXED',
    };
    const pollFault = tagged(evaluations, POLL_UNAVAILABLE);
    const state: RunState = {
      run,
      polls: 0,
      faultedPolls: 0,
      opPolls: 0,
      operation,
      finished: false,
      work: Promise.resolve(),
      ...(pollFault ? { pollFault } : {}),
    };
    state.work = this.execute(state, evaluations, runCount, config['toolCallBehaviour'] === 'FAKE');
    this.runs.set(runName, state);
    this.operations.set(operation, state);
    return this.operationOf(state);
  }

  getOperation(req: JsonObject): JsonObject {
    const state = this.operations.get(String(req['name'] ?? ''));
    if (!state) throw notFound(`operation "${String(req['name'] ?? '')}" not found`);
    state.opPolls++;
    return this.operationOf(state);
  }

  async getRun(req: JsonObject): Promise<JsonObject> {
    const state = this.runs.get(String(req['name'] ?? ''));
    if (!state) throw notFound(`evaluation run "${String(req['name'] ?? '')}" not found`);
    if (state.pollFault)
      throw unavailable(`evaluation run ${String(state.run['name'])}`, state.pollFault, POLL_UNAVAILABLE);
    const faulted = await this.faltering(state);
    if (faulted) return faulted;
    state.polls++;
    const queued = this.opts.queuedPolls ?? 0;
    if (state.polls <= queued) return { ...state.run, state: 'QUEUED' };
    if (state.polls < queued + (this.opts.pollsToFinish ?? 2)) return { ...state.run, state: 'RUNNING' };
    await state.work;
    if (!state.finished) this.finish(state);
    return state.run;
  }

  /** `unavailablePolls`, then `slowPolls`: a poll that fails, or one answered too late; else undefined. */
  private async faltering(state: RunState): Promise<JsonObject | undefined> {
    const unavailablePolls = this.opts.unavailablePolls ?? 0;
    const slow = this.opts.slowPolls ?? { count: 0, delayMs: 0 };
    if (state.faultedPolls >= unavailablePolls + slow.count) return undefined;
    state.faultedPolls++;
    if (state.faultedPolls <= unavailablePolls)
      throw new EmulatorError(
        GrpcStatus.UNAVAILABLE,
        `evaluation run ${String(state.run['name'])} is unavailable (injected: poll ${state.faultedPolls} ` +
          `of unavailablePolls: ${unavailablePolls})`,
      );
    // Unref'd: a client long gone must not hold the emulator's process open.
    await sleep(slow.delayMs, undefined, { ref: false });
    return { ...state.run };
  }

  private operationOf(state: RunState): JsonObject {
    const done = state.opPolls >= (this.opts.operationPolls ?? 1);
    const metadata = {
      '@type': anyTypeUrl('RunEvaluationOperationMetadata'),
      evaluations: state.run['evaluations'] as string[],
      createTime: state.run['createTime'] as string,
      ...(done ? { evaluationRun: state.run['name'] as string } : {}),
    };
    const response = { '@type': anyTypeUrl('RunEvaluationResponse'), evaluationRun: state.run['name'] as string };
    return { name: state.operation, metadata, done, ...(done ? { response } : {}) };
  }

  private finish(state: RunState): void {
    state.finished = true;
    const results = (state.run['evaluationResults'] as string[]).map((n) => this.results.get(n)!);
    const count = (s: string) => results.filter((r) => r['evaluationStatus'] === s).length;
    const errors = results.filter((r) => r['executionState'] === 'ERROR').length;
    const cancelled = results.filter((r) => r['executionState'] === 'CANCELLED').length;
    state.run['progress'] = {
      totalCount: results.length,
      completedCount: results.length - errors - cancelled,
      passedCount: count('PASS'),
      failedCount: count('FAIL'),
      errorCount: errors,
      cancelledCount: cancelled,
    };
    state.run['state'] = this.opts.runState ?? 'COMPLETED';
    if (this.opts.runState === 'ERROR') {
      state.run['errorInfo'] = {
        errorType: 'RUNTIME_FAILURE',
        errorMessage: 'injected run failure (emulator runState: ERROR)',
      };
    }
  }

  private async execute(state: RunState, evaluations: JsonObject[], runCount: number, fakes: boolean): Promise<void> {
    const prompts = new Map(
      [...this.expectations.items.values()].map((e) => [
        e['name'] as string,
        String((e['llmCriteria'] as JsonObject | undefined)?.['prompt'] ?? ''),
      ]),
    );
    for (const evaluation of evaluations) {
      for (let i = 0; i < runCount; i++) {
        const result = await this.resultFor(state, evaluation, i, fakes, prompts);
        this.results.set(result['name'] as string, result);
        (state.run['evaluationResults'] as string[]).push(result['name'] as string);
      }
    }
  }

  private async resultFor(
    state: RunState,
    evaluation: JsonObject,
    index: number,
    fakes: boolean,
    prompts: Map<string, string>,
  ): Promise<JsonObject> {
    const id = randomUUID();
    const base: JsonObject = {
      name: `${evaluation['name'] as string}/results/${id}`,
      displayName: String(evaluation['displayName']),
      createTime: timestampFromMs(Date.now()),
      evaluationRun: state.run['name'] as string,
      config: state.run['config'] as JsonObject,
    };
    const injected = ((evaluation['tags'] as string[] | undefined) ?? []).map((t) => TAG_STATES[t]).find(Boolean);
    // A result left QUEUED although its run completed: clients must not read it as an outcome.
    if (injected === 'QUEUED') return { ...base, executionState: 'QUEUED' };
    if (injected === 'ERROR' || injected === 'CANCELLED') {
      const errorInfo = {
        errorType: 'RUNTIME_FAILURE',
        errorMessage: `injected ${injected} (tag emulator:${injected.toLowerCase()})`,
      };
      return { ...base, executionState: injected, ...(injected === 'ERROR' ? { errorInfo } : {}) };
    }
    if (!evaluation['golden']) {
      const errorInfo = {
        errorType: 'USER_SIMULATION_FAILURE',
        errorMessage: 'the emulator cannot simulate users: scenario evaluations run only on CES',
      };
      return { ...base, executionState: 'ERROR', errorInfo };
    }
    const sessionId = `eval-${id}-${index}`;
    let replay;
    try {
      replay = await replayGolden(this.core, evaluation['golden'] as JsonObject, sessionId, {
        useToolFakes: fakes,
        prompts,
        extraToolCalls: extraToolCallBehaviour(evaluation),
      });
    } catch (err) {
      const errorInfo = { errorType: 'RUNTIME_FAILURE', errorMessage: (err as Error).message, sessionId };
      return { ...base, executionState: 'ERROR', errorInfo };
    }
    return {
      ...base,
      executionState: 'COMPLETED',
      evaluationStatus: injected ?? replay.status,
      goldenResult: {
        turnReplayResults: replay.turnReplayResults,
        evaluationExpectationResults: replay.evaluationExpectationResults,
      },
    };
  }
}

/** The evaluation's override of ToolMatchingSettings, else the platform's default, FAIL. */
function extraToolCallBehaviour(evaluation: JsonObject): 'FAIL' | 'ALLOW' {
  const override = evaluation['evaluationMetricsThresholdOverride'] as JsonObject | undefined;
  const golden = override?.['goldenEvaluationMetricsThresholds'] as JsonObject | undefined;
  const settings = golden?.['toolMatchingSettings'] as JsonObject | undefined;
  return settings?.['extraToolCallBehavior'] === 'ALLOW' ? 'ALLOW' : 'FAIL';
}
