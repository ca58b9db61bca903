// The tool-test part of `cxas-eval run`: wiring only (src/platform/tool-tests does the work).
import type { ConversationResult } from '../model/result.js';
import type { ConversationSpec, SpecFile } from '../model/spec.js';
import type { PlanOptions } from '../runner/index.js';
import type { Reporter } from '../reporters/index.js';
import type { EffectiveRunOptions } from './run-options.js';
import type { Target } from './run-target.js';

export async function runToolTestsOfRun(
  files: readonly SpecFile[],
  opts: EffectiveRunOptions,
  plan: PlanOptions,
  target: Target,
  observer: Pick<Reporter, 'onConversationStart' | 'onConversationEnd'>,
): Promise<ConversationResult[]> {
  if (!files.some((f) => f.toolTests?.length)) return [];
  // Tool tests are not sharded: the first shard runs them all, once.
  if (opts.shard && opts.shard.index !== 1) return [];
  const { selectToolTests, runSelectedToolTests } = await import('../platform/index.js');
  const filter = plan.filter;
  const tests = selectToolTests(files, {
    // The selection filter reads id, file and name, which tool tests have as conversations do.
    ...(filter ? { filter: (t) => filter(t as ConversationSpec) } : {}),
    ...(plan.tags ? { tags: plan.tags } : {}),
    ...(plan.excludeTags ? { excludeTags: plan.excludeTags } : {}),
  });
  return runSelectedToolTests(
    tests,
    {
      app: target.info.app!,
      endpoint: target.info.endpoint!,
      insecure: target.info.emulator || opts.insecure,
      ...(opts.keyFile ? { credentials: { keyFile: opts.keyFile } } : {}),
    },
    opts.concurrency,
    {
      onStart: (t, id) =>
        void observer.onConversationStart?.({ id, specId: t.id, name: t.name, file: t.file, runIndex: 0 }),
      onEnd: async (r) => {
        await observer.onConversationEnd?.(r);
      },
    },
  );
}
