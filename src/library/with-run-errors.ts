// A finished run with more run-level errors (a gate's verdict: coverage, regression), judged again
// by the one builder (src/model/finalize.ts) before any report is written, so every report, the
// history and the exit code agree.
import { factsOf, finalizeRun } from '../model/finalize.js';
import type { ErrorInfo, RunResult } from '../model/result.js';

/** `interrupted`: the run was stopped after its conversations had finished (coverage-run.ts). */
export function withRunErrors(
  result: RunResult,
  errors: readonly ErrorInfo[],
  interrupted = result.interrupted,
): RunResult {
  if (errors.length === 0) return result;
  const judged = finalizeRun({ ...factsOf(result), interrupted, errors: [...result.errors, ...errors] });
  // What finalizeRun does not build (set by the caller around the verdict) stays.
  if (result.identity) judged.identity = result.identity;
  if (result.rescoredFrom) judged.rescoredFrom = result.rescoredFrom;
  if (result.replayedFrom) judged.replayedFrom = result.replayedFrom;
  if (result.comparison) judged.comparison = result.comparison;
  return judged;
}
