// Entry point for `cxas-eval run`: runs the tool tests it selected (src/model/selection.ts, the same
// rules as conversations) against the run's target through ToolService.
import type { ConversationResult } from '../../model/result.js';
import type { ToolTestSpec } from '../../model/spec.js';
import { PlatformClient, type PlatformClientOptions } from '../grpc.js';
import { runToolTests, type ToolTestHooks } from './run.js';

export { runToolTests, type ToolTestHooks } from './run.js';

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
