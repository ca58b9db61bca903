// Coverage of a live run: the app's inventory is listed (AgentService, over the run's own channel:
// CES, or an emulator at an endpoint; the in-process emulator's comes from its app file) once the
// conversations have run, and the figures are computed from the final RunResult, so nothing is
// added to any turn. Listed during the run, its calls (another service, other messages) went
// through the same gRPC and HTTP/2 code as the turns just as V8 had optimized that code for the
// turns alone: the optimized code was thrown away mid-run (process.nextTick and the stream
// functions among it) and bench/coverage-overhead went from ~1.00 to 1.05–1.09 (docs/architecture.md
// "Runner performance"). At the end the listing costs one round of parallel calls. An inventory
// that cannot be listed leaves a reason and no figures. A stopped run (Ctrl-C, the library's
// `signal`) is not listed: the listing would hold the stop up to its 30 s deadline.
import type { Sessions } from '../client/index.js';
import type { CoverageBlock } from '../model/coverage.js';
import { computeCoverage } from '../model/coverage.js';
import type { AppInventory } from '../model/inventory.js';
import type { RunResult } from '../model/result.js';
import { withRunErrors } from './with-run-errors.js';

const LIST_TIMEOUT_MS = 30_000;

/** The listing's outcome; never rejects: a failure is a reason, reported instead of the figures. */
export type ListedInventory = { inventory: AppInventory } | { failure: string };

/** Why an interrupted run has no coverage figures (what did not run was not exercised either). */
export const NOT_LISTED_INTERRUPTED =
  "not listed: the run was interrupted (the app's inventory is listed after a whole run)";

/** Without routes: no list method serves them (CES has none). `signal` (the run's stop) cancels the calls. */
export async function listInventory(sessions: Sessions, signal?: AbortSignal): Promise<ListedInventory> {
  try {
    return { inventory: await sessions.getAppInventory({ timeoutMs: LIST_TIMEOUT_MS, ...(signal ? { signal } : {}) }) };
  } catch (err) {
    return { failure: (err as Error).message.split('\n')[0] ?? String(err) };
  }
}

/**
 * A run whose conversations had all finished but that was stopped before its coverage was listed:
 * interrupted, as a stop any earlier makes it, so that every report and the exit code (130, 143,
 * 129) agree that the command did not finish.
 */
export function stoppedAfterConversations(result: RunResult): RunResult {
  const app = result.target.app;
  result.coverage = { ...(app ? { app } : {}), unavailable: NOT_LISTED_INTERRUPTED };
  return withRunErrors(
    result,
    [
      {
        code: 'INTERRUPTED',
        message: "the run was interrupted after its conversations had finished, while the app's inventory was listed",
      },
    ],
    true,
  );
}

export function liveCoverage(listed: ListedInventory, result: RunResult): CoverageBlock {
  if ('inventory' in listed) return computeCoverage(listed.inventory, result.conversations);
  const app = result.target.app;
  return { ...(app ? { app } : {}), unavailable: `the app's inventory could not be listed: ${listed.failure}` };
}

/**
 * A rescore's coverage: it calls no app, so it lists nothing and measures the recorded agent replies
 * it evaluated against the inventory the recorded run listed (a conversation skipped because its
 * inputs changed counts for nothing, as a skipped one in a run). A recorded run without figures
 * passes its reason on, so a coverage gate says why it could not be evaluated instead of passing.
 */
export function rescoredCoverage(recorded: RunResult, result: RunResult): CoverageBlock | undefined {
  const block = recorded.coverage;
  if (!block) return undefined;
  const app = block.app ?? result.target.app;
  const named = app ? { app } : {};
  if ('unavailable' in block) return { ...named, unavailable: `the recorded run has no figures: ${block.unavailable}` };
  if (result.interrupted) return { ...named, unavailable: 'not measured: the rescore was interrupted' };
  return computeCoverage(block.inventory, result.conversations);
}
