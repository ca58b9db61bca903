// The tool-test part of `cxas-eval run`: wiring only (src/platform/tool-tests does the work).
import type { ConversationResult } from '../model/result.js';
import type { SpecFile } from '../model/spec.js';
import { selectToolTests } from '../model/selection.js';
import type { PlanOptions } from '../runner/index.js';
import type { Reporter } from '../reporters/index.js';
import type { EffectiveRunOptions } from './run-options.js';
import type { Target } from './run-target.js';
import type { RunIO } from './io.js';

export async function runToolTestsOfRun(
  files: readonly SpecFile[],
  opts: EffectiveRunOptions,
  plan: PlanOptions,
  target: Target,
  observer: Pick<Reporter, 'onConversationStart' | 'onConversationEnd'>,
  env: RunIO['env'],
): Promise<ConversationResult[]> {
  if (!files.some((f) => f.toolTests?.length)) return [];
  // Tool tests are not sharded: the first shard runs them all, once.
  if (opts.shard && opts.shard.index !== 1) return [];
  const { runSelectedToolTests } = await import('../platform/index.js');
  // The plan's selection: the same rules (and --grep, --last-failed) as its conversations.
  const tests = selectToolTests(files, plan);
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
      onStart: (t, id) =>
        void observer.onConversationStart?.({ id, specId: t.id, name: t.name, file: t.file, runIndex: 0 }),
      onEnd: async (r) => {
        await observer.onConversationEnd?.(r);
      },
    },
  );
}
