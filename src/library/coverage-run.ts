// Coverage of a live run: the app's inventory is listed (AgentService, over the run's own channel:
// CES, or an emulator at an endpoint; the in-process emulator's comes from its app file) once the
// conversations have run, and the figures are computed from the final RunResult, so nothing is
// added to any turn. Listed during the run, its calls (another service, other messages) went
// through the same gRPC and HTTP/2 code as the turns just as V8 had optimized that code for the
// turns alone: the optimized code was thrown away mid-run (process.nextTick and the stream
// functions among it) and bench/coverage-overhead went from ~1.00 to 1.05–1.09 (docs/architecture.md
// "Runner performance"). At the end the listing costs one round of parallel calls. An inventory
// that cannot be listed leaves a reason and no figures.
import type { Sessions } from '../client/index.js';
import type { CoverageBlock } from '../model/coverage.js';
import { computeCoverage } from '../model/coverage.js';
import type { AppInventory } from '../model/inventory.js';
import type { RunResult } from '../model/result.js';

const LIST_TIMEOUT_MS = 30_000;

/** The listing's outcome; never rejects: a failure is a reason, reported instead of the figures. */
export type ListedInventory = { inventory: AppInventory } | { failure: string };

/** Without routes: no list method serves them (CES has none). */
export async function listInventory(sessions: Sessions): Promise<ListedInventory> {
  try {
    return { inventory: await sessions.getAppInventory({ timeoutMs: LIST_TIMEOUT_MS }) };
  } catch (err) {
    return { failure: (err as Error).message.split('\n')[0] ?? String(err) };
  }
}

export function liveCoverage(listed: ListedInventory, result: RunResult): CoverageBlock {
  if ('inventory' in listed) return computeCoverage(listed.inventory, result.conversations);
  const app = result.target.app;
  return { ...(app ? { app } : {}), unavailable: `the app's inventory could not be listed: ${listed.failure}` };
}
