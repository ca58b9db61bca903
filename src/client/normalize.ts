// Wire outputs of one turn → the TurnResult every other part reads (src/model/turn.ts).
// Tool calls, responses and transfers come from the real chunk fields (toolCall,
// toolResponse, agentTransfer), not the reference's dead function_call/actions fields.
import type { JsonObject } from '../model/json.js';
import type { Span, TurnInput, TurnLatency, TurnResult } from '../model/turn.js';
import type { SessionOutput, WireSpan } from './types.js';
import { collectSegment, emptyCollected } from './segment.js';
import { toCitation } from './chunks.js';
import { spanDurationMs, toSpan } from './spans.js';

export interface NormalizeMeta {
  inputs: TurnInput[];
  latency: TurnLatency;
}

export function normalizeTurn(outputs: SessionOutput[], meta: NormalizeMeta): TurnResult {
  const collected = emptyCollected();
  const segments = splitSegments(outputs);
  for (let i = 0; i < segments.length; i++) collectSegment(segments[i]!, collected, i === 0 ? meta.inputs : []);
  const textParts: string[] = [];
  for (const o of outputs) if (o.text !== undefined) textParts.push(o.text);
  const variables: JsonObject = {};
  for (const v of collected.variables) Object.assign(variables, v);
  const citations: TurnResult['citations'] = [];
  for (const o of outputs) for (const c of o.citations?.citedChunks ?? []) citations.push(toCitation(c));
  const end = sessionEndOf(outputs);
  // One literal in emptyTurnResult's key order (src/model/turn.ts), so every report lists a turn's
  // fields the same way; built once, as this runs for every turn.
  const result: TurnResult = {
    turnIndex: lastTurnIndex(outputs),
    inputs: meta.inputs,
    text: (textParts.length === 1 ? textParts[0]! : textParts.join(' ')).trim(),
    textParts,
    toolCalls: collected.toolCalls,
    toolResponses: collected.toolResponses,
    transfers: collected.transfers,
    payloads: collected.payloads,
    updatedVariables: variables,
    citations,
    sessionEnded: end !== undefined,
    transcript: collected.transcript,
    // Copied by assignment: applySpans adds serverMs, and a property added to a spread copy cost
    // about 150 bytes more per turn on Node 20 (docs/architecture.md "Runner performance").
    latency: Object.assign({}, meta.latency),
  };
  const metadata = end?.endSession?.metadata;
  if (metadata && Object.keys(metadata).length > 0) result.endSessionMetadata = metadata;
  const agent = collected.transfers.at(-1)?.to ?? collected.roles.at(-1);
  if (agent !== undefined) result.agent = agent;
  applySpans(result, outputs);
  return result;
}

/**
 * Splits after each turnCompleted output: a run() of several calls holds several turns. One
 * turn (the common case) is the outputs themselves.
 */
function splitSegments(outputs: SessionOutput[]): SessionOutput[][] {
  let completions = 0;
  for (let i = 0; i < outputs.length - 1; i++) if (outputs[i]!.turnCompleted) completions += 1;
  if (completions === 0) return outputs.length ? [outputs] : [];
  const segments: SessionOutput[][] = [[]];
  for (const o of outputs) {
    segments.at(-1)!.push(o);
    if (o.turnCompleted) segments.push([]);
  }
  return segments.filter((s) => s.length > 0);
}

function lastTurnIndex(outputs: SessionOutput[]): number {
  let max = 0;
  for (const o of outputs) if (o.turnIndex !== undefined && o.turnIndex > max) max = o.turnIndex;
  return max;
}

/** The output that ended the session (the last one carrying endSession), if any. */
export function sessionEndOf(outputs: readonly SessionOutput[]): SessionOutput | undefined {
  return outputs.findLast((o) => o.endSession);
}

/**
 * Every round's root span: a client tool round trip is a request of its own, with its own
 * diagnosticInfo, and what ran before the client call (its Tool spans, the emulator's route) is
 * only in the earlier round's. The last is `rootSpan`; the server time adds them all up.
 */
function applySpans(result: TurnResult, outputs: SessionOutput[]): void {
  let last: WireSpan | undefined;
  let earlier: Span[] | undefined;
  let serverMs: number | undefined;
  for (const o of outputs) {
    const root = o.diagnosticInfo?.rootSpan;
    if (!root) continue;
    if (last) (earlier ??= []).push(toSpan(last));
    last = root;
    const ms = spanDurationMs(root);
    if (ms !== undefined) serverMs = (serverMs ?? 0) + ms;
  }
  if (earlier) result.earlierRootSpans = earlier;
  if (last) result.rootSpan = toSpan(last);
  if (serverMs !== undefined) result.latency.serverMs = serverMs;
}
