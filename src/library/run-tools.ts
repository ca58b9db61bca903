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

/**
 * Why a shard plans nothing though the selection is not empty, or undefined: a suite with fewer
 * conversations than shards, or of tool tests only (they all run on shard 1), leaves a shard none.
 * Such a shard's run is empty and passes (a CI matrix of shards must not fail on it); a selection of
 * nothing at all is still an error (run-once.ts).
 */
export function emptyShardNote(files: readonly SpecFile[], plan: PlanOptions, selected: number): string | undefined {
  if (!plan.shard) return undefined;
  const tools = selectToolTests(files, plan).length;
  if (selected + tools === 0) return undefined;
  const counted = [count(selected, 'conversation'), count(tools, 'tool test')].filter((c) => c !== undefined);
  const { index, total } = plan.shard;
  const verb = selected + tools === 1 ? 'goes' : 'go';
  const where = tools ? ' (tool tests all run on shard 1)' : '';
  const what = `the ${counted.join(' and ')} selected`;
  return `shard ${index}/${total} has nothing to run: ${what} ${verb} to the other shards${where}`;
}

const count = (n: number, word: string): string | undefined => (n ? `${n} ${word}${n === 1 ? '' : 's'}` : undefined);

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
