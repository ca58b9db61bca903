// Coverage of a live run: the app's inventory is listed (AgentService, over the run's own channel:
// CES, or the emulator over real gRPC) once the conversations are done, and the figures are computed
// from the RunResult, so nothing is added to any turn. An inventory that cannot be listed leaves a
// reason and no figures.
import type { Sessions } from '../client/index.js';
import type { CoverageBlock } from '../model/coverage.js';
import { computeCoverage } from '../model/coverage.js';
import type { RunResult } from '../model/result.js';

const LIST_TIMEOUT_MS = 30_000;

export async function liveCoverage(sessions: Sessions, result: RunResult): Promise<CoverageBlock> {
  const app = result.target.app;
  try {
    const inventory = await sessions.getAppInventory({ timeoutMs: LIST_TIMEOUT_MS });
    return computeCoverage(inventory, result.conversations);
  } catch (err) {
    return {
      ...(app ? { app } : {}),
      unavailable: `the app's inventory could not be listed: ${(err as Error).message.split('\n')[0]}`,
    };
  }
}
