// `platform run`: select pushed evaluations (by spec files and/or tag), RunEvaluation, wait for the
// operation and the run, and turn only that run's results into one RunResult.
import type { JsonObject } from '../../model/json.js';
import type { ConversationSpec, SpecFile } from '../../model/spec.js';
import type { ConversationResult, ErrorInfo, RunResult, RunTarget } from '../../model/result.js';
import type { PlatformClient } from '../grpc.js';
import { listAll } from '../list.js';
import { evaluationIdOf } from '../push/to-evaluation.js';
import { buildRunResult } from '../result.js';
import { startRun, waitForRun, type StartRunOptions } from './poll.js';
import { collectResults, selectedOf, type SelectedEvaluation } from './results.js';
import { Transcripts } from './transcripts.js';

export interface PlatformRunOptions extends Omit<StartRunOptions, 'evaluations'> {
  /** Spec files whose pushed evaluations run; all evaluations of the app when absent. */
  files?: readonly SpecFile[];
  tags?: string[];
  wait: boolean;
  timeoutMs: number;
  intervalMs?: number;
  onProgress?(run: JsonObject): void;
  toolVersion: string;
  target: RunTarget;
}

export type PlatformRunOutcome =
  | { kind: 'nothingSelected'; reason: string }
  | { kind: 'started'; operation: string; selected: number }
  | { kind: 'finished'; result: RunResult; run?: string };

export class NotPushedError extends Error {
  readonly code = 'NOT_PUSHED';
}

export async function platformRun(client: PlatformClient, opts: PlatformRunOptions): Promise<PlatformRunOutcome> {
  const selected = await selectEvaluations(client, opts);
  if (selected.length === 0)
    return {
      kind: 'nothingSelected',
      reason: opts.tags?.length ? `no evaluation has tag ${opts.tags.join(' or ')}` : 'no evaluations to run',
    };
  const startedAt = new Date();
  const operation = await startRun(client, { ...opts, evaluations: selected.map((s) => s.name) });
  if (!opts.wait) return { kind: 'started', operation: String(operation['name']), selected: selected.length };
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
  const conversations = await collectResults(client, wait.kind === 'finished' ? run : undefined, selected, {
    runCount: opts.runCount ?? 1,
    transcripts: new Transcripts(client),
    missingReason,
  });
  if (problem) distrustPasses(conversations, problem);
  if (opts.files) placeInSpecs(conversations, opts.files);
  const result = buildRunResult({
    toolVersion: opts.toolVersion,
    startedAt,
    target: opts.target,
    conversations,
    errors: problem ? [problem] : [],
  });
  return { kind: 'finished', result, ...(run ? { run: String(run['name']) } : {}) };
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
      : `operation ${wait.operation} has not started a run`;
    return {
      code: 'TIMEOUT',
      message: `${where} after ${Math.round(timeoutMs / 1000)} s (--timeout); its results are not final`,
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

async function selectEvaluations(client: PlatformClient, opts: PlatformRunOptions): Promise<SelectedEvaluation[]> {
  const all = await listAll(client, 'ListEvaluations', 'evaluations');
  let chosen = all;
  if (opts.files) {
    const specs: ConversationSpec[] = opts.files.flatMap((f) => f.conversations).filter((c) => !c.skip);
    const byName = new Map(all.map((e) => [String(e['name']), e]));
    const missing = specs.filter((c) => !byName.has(`${client.app}/evaluations/${evaluationIdOf(c)}`));
    if (missing.length)
      throw new NotPushedError(
        'not on the platform (run `cxas-eval platform push` first): ' +
          missing.map((c) => `${c.file} › ${c.name}`).join(', '),
      );
    chosen = specs.map((c) => byName.get(`${client.app}/evaluations/${evaluationIdOf(c)}`)!);
  }
  if (opts.tags?.length)
    chosen = chosen.filter((e) => ((e['tags'] as string[] | undefined) ?? []).some((t) => opts.tags!.includes(t)));
  return chosen.map(selectedOf);
}
