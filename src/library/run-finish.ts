// How a run ends. Its reports are written once, by whichever comes first: the run finishing, or a
// forced stop (SIGTERM, a second Ctrl-C), which reports every conversation that finished and marks the
// rest interrupted, so CI always gets a complete set of current reports.
import type { RunObserver, ConversationStartInfo } from '../model/observer.js';
import type {
  Attempt,
  ConversationResult,
  ErrorInfo,
  RunResult,
  RunStartInfo,
  RunTarget,
  TurnRecord,
} from '../model/result.js';
import { finalizeRun, type RunFacts } from '../model/finalize.js';
import { passRatesOf, type planRuns } from '../runner/index.js';
import { TOOL_VERSION } from '../package-root.js';

type Planned = ReturnType<typeof planRuns>['runs'][number];
/** What a cut-short run needs of each planned conversation run. */
export type PlannedRun = Pick<Planned, 'id' | 'runIndex'> & {
  spec: Pick<Planned['spec'], 'id' | 'name' | 'file' | 'loc' | 'tags' | 'repeat' | 'modality' | 'passRate'>;
};

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

  onAttemptDiscarded(id: string, attempt: Readonly<Attempt>): void | Promise<void> {
    return this.inner.onAttemptDiscarded?.(id, attempt);
  }

  onConversationEnd(result: Readonly<ConversationResult>): void | Promise<void> {
    this.finished.set(result.id, result);
    return this.inner.onConversationEnd?.(result);
  }

  onRunEnd(result: Readonly<RunResult>): void | Promise<void> {
    return this.inner.onRunEnd?.(result);
  }
}

/** What a cut-short run knows besides the recorder: the same policy, errors and usage the live run would use. */
export type CutShortFacts = Pick<RunFacts, 'policy' | 'llmUsage'> & { errors?: readonly ErrorInfo[] };

/** The run as it stands when stopped: what finished, every other planned run `interrupted`. */
export function cutShortResult(
  recorder: Pick<RunRecorder, 'start' | 'finished'>,
  planned: readonly PlannedRun[],
  signal: string,
  target: RunTarget,
  facts: CutShortFacts = {},
): RunResult {
  const reason = `stopped by ${signal} before it finished`;
  const conversations = planned.map((p) => recorder.finished.get(p.id) ?? unfinished(p, reason));
  const unfinishedCount = conversations.filter((c) => c.status === 'interrupted').length;
  return finalizeRun({
    runId: recorder.start?.runId ?? 'not-started',
    toolVersion: TOOL_VERSION,
    startedAt: recorder.start?.startedAt ?? new Date().toISOString(),
    finishedAt: new Date().toISOString(),
    target: recorder.start?.target ?? target,
    shard: recorder.start?.shard,
    interrupted: true,
    conversations,
    passRates: passRatesOf(planned),
    errors: [
      { code: 'INTERRUPTED', message: `the run was ${reason}: ${unfinishedCount} conversation(s) did not finish` },
      ...(facts.errors ?? []),
    ],
    policy: facts.policy,
    llmUsage: facts.llmUsage,
  });
}

/** A planned run that had not finished when the signal came. */
function unfinished({ id, spec, runIndex }: PlannedRun, reason: string): ConversationResult {
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

/**
 * Writes the final reports once: later callers wait for the first write. `write` may judge the
 * result again before writing it (a gate's run errors) and returns what it wrote, which `finish`
 * gives every caller.
 */
export class FinalReports {
  private writing: Promise<RunResult> | undefined;

  constructor(private readonly write: (result: RunResult) => Promise<RunResult | void>) {}

  finish(result: RunResult): Promise<RunResult> {
    this.writing ??= this.write(result).then((written) => written ?? result);
    return this.writing;
  }
}
