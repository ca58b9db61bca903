// A run's LLM usage: the judge's and the simulated user's calls, counted apart (llmUsage.judge vs
// llmUsage.user), read from their ledgers when the run is finalized (live or cut short).
import type { JudgeSetup } from '../../judge/index.js';
import type { RunResult } from '../../model/result.js';
import type { UserModelSetup } from './simulation/user-model.js';

export function llmUsageOf(
  judge: JudgeSetup | undefined,
  userModel: UserModelSetup | undefined,
): RunResult['llmUsage'] {
  return {
    ...(judge?.kind === 'ready' ? judge.ledger.snapshot() : {}),
    ...(userModel?.kind === 'ready' ? userModel.ledger.snapshot() : {}),
  };
}
