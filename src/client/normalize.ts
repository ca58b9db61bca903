// Wire outputs of one turn → the TurnResult every other part reads (src/model/turn.ts).
// Tool calls, responses and transfers come from the real chunk fields (toolCall,
// toolResponse, agentTransfer), not the reference's dead function_call/actions fields.
import type { JsonObject } from '../model/json.js';
import type { TurnInput, TurnLatency, TurnResult } from '../model/turn.js';
import { emptyTurnResult } from '../model/turn.js';
import type { SessionOutput, WireSpan } from './types.js';
import { collectSegment, emptyCollected } from './segment.js';
import { toCitation } from './chunks.js';
import { spanDurationMs, toSpan } from './spans.js';

export interface NormalizeMeta { inputs: TurnInput[]; latency: TurnLatency }

export function normalizeTurn(outputs: SessionOutput[], meta: NormalizeMeta): TurnResult {
  const result = emptyTurnResult(lastTurnIndex(outputs));
  result.inputs = meta.inputs;
  const collected = emptyCollected();
  splitSegments(outputs).forEach((segment, i) => collectSegment(segment, collected, i === 0 ? meta.inputs : []));
  result.textParts = [];
  for (const o of outputs) if (o.text !== undefined) result.textParts.push(o.text);
  result.text = result.textParts.join(' ').trim();
  result.toolCalls = collected.toolCalls;
  result.toolResponses = collected.toolResponses;
  result.transfers = collected.transfers;
  result.payloads = collected.payloads;
  result.updatedVariables = Object.assign({}, ...collected.variables) as JsonObject;
  result.citations = [];
  for (const o of outputs) for (const c of o.citations?.citedChunks ?? []) result.citations.push(toCitation(c));
  result.transcript = collected.transcript;
  applyEndSession(result, outputs);
  const agent = collected.transfers.at(-1)?.to ?? collected.roles.at(-1);
  if (agent !== undefined) result.agent = agent;
  applySpans(result, outputs, meta.latency);
  return result;
}

/** Splits after each turnCompleted output: a run() of several calls holds several turns. */
function splitSegments(outputs: SessionOutput[]): SessionOutput[][] {
  const segments: SessionOutput[][] = [[]];
  for (const o of outputs) {
    segments.at(-1)!.push(o);
    if (o.turnCompleted) segments.push([]);
  }
  return segments.filter((s) => s.length > 0);
}

function lastTurnIndex(outputs: SessionOutput[]): number {
  return outputs.reduce((max, o) => Math.max(max, o.turnIndex ?? 0), 0);
}

function applyEndSession(result: TurnResult, outputs: SessionOutput[]): void {
  const end = outputs.findLast((o) => o.endSession);
  if (!end) return;
  result.sessionEnded = true;
  const metadata = end.endSession?.metadata;
  if (metadata && Object.keys(metadata).length > 0) result.endSessionMetadata = metadata;
}

function applySpans(result: TurnResult, outputs: SessionOutput[], latency: TurnLatency): void {
  result.latency = { ...latency };
  let last: WireSpan | undefined;
  let serverMs: number | undefined;
  for (const o of outputs) {
    const root = o.diagnosticInfo?.rootSpan;
    if (!root) continue;
    last = root;
    const ms = spanDurationMs(root);
    if (ms !== undefined) serverMs = (serverMs ?? 0) + ms;
  }
  if (last) result.rootSpan = toSpan(last);
  if (serverMs !== undefined) result.latency.serverMs = serverMs;
}
