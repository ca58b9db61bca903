// The one computation of a turn's latency from the calls that made it (text or audio, one call or
// several client tool rounds): Sessions.getStructuredResponse, normalizeAudioTurn and the runner's
// TurnInProgress all use it.
import type { TurnLatency } from '../model/turn.js';
import type { CallRecord } from './execute.js';

/**
 * A turn's latency from its calls: total time, and first output and first agent audio (audio
 * modality) since the turn's first request, from the first call that had one, whatever round.
 */
export function turnLatency(calls: readonly CallRecord[]): TurnLatency {
  let totalMs = 0;
  let firstOutputMs: number | undefined;
  let firstAudioMs: number | undefined;
  for (const call of calls) {
    if (firstOutputMs === undefined && call.firstOutputMs !== undefined) firstOutputMs = totalMs + call.firstOutputMs;
    if (firstAudioMs === undefined && call.firstAudioMs !== undefined) firstAudioMs = totalMs + call.firstAudioMs;
    totalMs += call.latencyMs;
  }
  return {
    totalMs,
    ...(firstOutputMs !== undefined ? { firstOutputMs } : {}),
    ...(firstAudioMs !== undefined ? { firstAudioMs } : {}),
  };
}
