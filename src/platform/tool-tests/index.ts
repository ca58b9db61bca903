// Entry point for `cxas-eval run`: selects the loaded files' tool tests (same --tag/--exclude-tag/
// --grep rules as conversations) and runs them against the run's target through ToolService.
import type { ConversationResult } from '../../model/result.js';
import type { SpecFile, ToolTestSpec } from '../../model/spec.js';
import { PlatformClient, type PlatformClientOptions } from '../grpc.js';
import { runToolTests, type ToolTestHooks } from './run.js';

export { runToolTests, type ToolTestHooks } from './run.js';

export interface ToolTestSelection {
  /** The run's --grep / --last-failed selection; it reads only id, file and name. */
  filter?: (t: Pick<ToolTestSpec, 'id' | 'file' | 'name'>) => boolean;
  tags?: string[];
  excludeTags?: string[];
}

export function selectToolTests(files: readonly SpecFile[], sel: ToolTestSelection = {}): ToolTestSpec[] {
  return files
    .flatMap((f) => f.toolTests ?? [])
    .filter(
      (t) =>
        (!sel.filter || sel.filter(t)) &&
        (!sel.tags?.length || sel.tags.some((tag) => t.tags.includes(tag))) &&
        !(sel.excludeTags ?? []).some((tag) => t.tags.includes(tag)),
    );
}

/** Runs the selected tool tests; the client is closed afterwards. */
export async function runSelectedToolTests(
  tests: ToolTestSpec[],
  client: PlatformClientOptions,
  concurrency: number,
  hooks?: ToolTestHooks,
): Promise<ConversationResult[]> {
  if (tests.length === 0) return [];
  const platform = new PlatformClient(client);
  try {
    return await runToolTests(tests, { client: platform, concurrency, ...(hooks ? { hooks } : {}) });
  } finally {
    platform.close();
  }
}
