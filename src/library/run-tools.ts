// The tool-test part of `cxas-eval run`: wiring only (src/platform/tool-tests does the work).
import type { ConversationResult } from '../model/result.js';
import type { SpecFile, ToolTestSpec } from '../model/spec.js';
import { selectToolTests } from '../model/selection.js';
import type { MoreRunsControl, PlanOptions } from '../runner/index.js';
import type { Reporter } from '../reporters/index.js';
import type { EffectiveRunOptions } from './run-options.js';
import type { Target } from './run-target.js';
import type { RunIO } from './io.js';
import type { PlannedRun } from './run-finish.js';

/**
 * The tool tests a run plans: the plan's selection (the same rules, --grep and --last-failed too, as
 * its conversations). Not sharded: the first shard runs them all, once.
 */
export function toolTestsOfRun(
  files: readonly SpecFile[],
  opts: Pick<EffectiveRunOptions, 'shard'>,
  plan: PlanOptions,
): ToolTestSpec[] {
  if (!files.some((f) => f.toolTests?.length)) return [];
  if (opts.shard && opts.shard.index !== 1) return [];
  return selectToolTests(files, plan);
}

/** A run's tool tests as planned runs, for a run cut short (run-finish.ts): ids as their results'. */
export function plannedToolTests(tests: readonly ToolTestSpec[]): PlannedRun[] {
  return tests.map((t) => ({
    id: `${t.id}#0`,
    runIndex: 0,
    spec: {
      id: t.id,
      name: t.name,
      file: t.file,
      ...(t.loc ? { loc: t.loc } : {}),
      tags: t.tags,
      repeat: 1,
      modality: 'text',
    },
  }));
}

/** Runs them after the conversations, under the run's rules (`control`): none starts after a stop. */
export async function runToolTestsOfRun(
  tests: ToolTestSpec[],
  opts: EffectiveRunOptions,
  target: Target,
  observer: Pick<Reporter, 'onConversationStart' | 'onConversationEnd'>,
  control: MoreRunsControl,
  env: RunIO['env'],
): Promise<ConversationResult[]> {
  if (tests.length === 0) return [];
  const { runSelectedToolTests } = await import('../platform/index.js');
  return runSelectedToolTests(
    tests,
    {
      app: target.info.app!,
      endpoint: target.info.endpoint!,
      insecure: target.info.emulator || opts.insecure,
      ...(opts.keyFile ? { credentials: { keyFile: opts.keyFile } } : {}),
      // CXAS_OAUTH_TOKEN from the run's environment, as the Sessions client's (run-target.ts).
      env,
    },
    opts.concurrency,
    {
      notStarted: () => control.notStarted(),
      onStart: (t, id) =>
        void observer.onConversationStart?.({ id, specId: t.id, name: t.name, file: t.file, runIndex: 0 }),
      onEnd: async (r) => {
        control.ended(r);
        await observer.onConversationEnd?.(r);
      },
    },
  );
}
