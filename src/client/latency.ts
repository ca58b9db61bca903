// The one computation of a turn's latency from the calls that made it (text or audio, one call or
// several client tool rounds): Sessions.getStructuredResponse, normalizeAudioTurn and the runner's
// TurnInProgress all use it.
import type { TurnLatency } from '../model/turn.js';
import type { CallRecord } from './execute.js';

/** A turn's latency from its calls: total time, and first output since the turn's first request. */
export function turnLatency(calls: readonly CallRecord[]): TurnLatency {
  let totalMs = 0;
  let firstOutputMs: number | undefined;
  for (const call of calls) {
    if (firstOutputMs === undefined && call.firstOutputMs !== undefined) firstOutputMs = totalMs + call.firstOutputMs;
    totalMs += call.latencyMs;
  }
  return { totalMs, ...(firstOutputMs !== undefined ? { firstOutputMs } : {}) };
}
