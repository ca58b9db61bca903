// How a run ends. Its reports are written once, by whichever comes first: the run finishing, or a
// forced stop (SIGTERM, a second Ctrl-C), which reports every conversation that finished and marks the
// rest interrupted, so CI always gets a complete set of current reports.
import type { RunObserver, ConversationStartInfo } from '../model/observer.js';
import type { ConversationResult, RunResult, RunStartInfo, RunTarget, TurnRecord } from '../model/result.js';
import { RESULT_SCHEMA_VERSION } from '../model/result.js';
import { judgeRun } from '../model/verdict.js';
import type { planRuns } from '../runner/index.js';
import { TOOL_VERSION } from '../package-root.js';

type ConversationPlan = ReturnType<typeof planRuns>['runs'][number];

/** Passes every event on, remembering the run's start and the conversations that finished. */
export class RunRecorder implements RunObserver {
  start: RunStartInfo | undefined;
  readonly finished = new Map<string, ConversationResult>();

  constructor(private readonly inner: RunObserver) {}

  onRunStart(info: Readonly<RunStartInfo>): void | Promise<void> {
    this.start = info;
    return this.inner.onRunStart?.(info);
  }

  onConversationStart(c: ConversationStartInfo): void | Promise<void> {
    return this.inner.onConversationStart?.(c);
  }

  onTurnEnd(id: string, turn: Readonly<TurnRecord>): void | Promise<void> {
    return this.inner.onTurnEnd?.(id, turn);
  }

  onConversationEnd(result: Readonly<ConversationResult>): void | Promise<void> {
    this.finished.set(result.id, result);
    return this.inner.onConversationEnd?.(result);
  }

  onRunEnd(result: Readonly<RunResult>): void | Promise<void> {
    return this.inner.onRunEnd?.(result);
  }
}

/** The run as it stands when stopped: what finished, every other planned run `interrupted`. */
export function cutShortResult(
  recorder: RunRecorder,
  planned: readonly ConversationPlan[],
  signal: NodeJS.Signals,
  target: RunTarget,
): RunResult {
  const reason = `stopped by ${signal} before it finished`;
  const conversations = planned.map((p) => recorder.finished.get(p.id) ?? unfinished(p, reason));
  const startedAt = recorder.start?.startedAt ?? new Date().toISOString();
  const finishedAt = new Date().toISOString();
  const passRates = new Map(
    planned.flatMap((p) => (p.spec.passRate !== undefined ? [[p.spec.id, p.spec.passRate] as const] : [])),
  );
  const { summary, repeats, status } = judgeRun(conversations, passRates, true);
  return {
    schemaVersion: RESULT_SCHEMA_VERSION,
    tool: { name: 'cxas-eval', version: TOOL_VERSION },
    runId: recorder.start?.runId ?? 'not-started',
    startedAt,
    finishedAt,
    durationMs: Date.parse(finishedAt) - Date.parse(startedAt),
    target: recorder.start?.target ?? target,
    ...(recorder.start?.shard ? { shard: recorder.start.shard } : {}),
    interrupted: true,
    status,
    summary,
    conversations,
    repeats,
    errors: [
      { code: 'INTERRUPTED', message: `the run was ${reason}: ${summary.interrupted} conversation(s) did not finish` },
    ],
  };
}

/** A planned run that had not finished when the signal came. */
function unfinished({ id, spec, runIndex }: ConversationPlan, reason: string): ConversationResult {
  return {
    id,
    specId: spec.id,
    name: spec.name,
    file: spec.file,
    ...(spec.loc ? { loc: spec.loc } : {}),
    tags: spec.tags,
    runIndex,
    repeat: spec.repeat,
    modality: spec.modality,
    status: 'interrupted',
    startedAt: new Date().toISOString(),
    durationMs: 0,
    attempts: [],
    turns: [],
    assertions: [],
    error: { code: 'INTERRUPTED', message: reason },
  };
}

/** Writes the final reports once: later callers wait for the first write. */
export class FinalReports {
  private writing: Promise<void> | undefined;

  constructor(private readonly write: (result: RunResult) => Promise<void>) {}

  finish(result: RunResult): Promise<void> {
    this.writing ??= this.write(result);
    return this.writing;
  }
}
