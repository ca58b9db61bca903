// The conversation a replayed golden turn ran in (AgentService.GetConversation) → TurnResults for
// reports: agent text, tool calls and responses, transfers, variables and the transcript.
import type { JsonObject } from '../../model/json.js';
import { isJsonObject } from '../../model/json.js';
import { emptyTurnResult, type TranscriptEntry, type TurnResult } from '../../model/turn.js';
import { toToolCall, toToolResponse, toTransfer, type Chunk } from '../../client/index.js';
import type { PlatformClient } from '../grpc.js';

/** Conversations by name, each fetched once; a failed fetch is reported, not fatal. */
export class Transcripts {
  private readonly cache = new Map<string, Promise<JsonObject | Error>>();

  constructor(private readonly client: PlatformClient) {}

  async turn(conversation: string, index: number): Promise<TurnResult | Error> {
    let pending = this.cache.get(conversation);
    if (!pending) {
      pending = this.client
        .call('AgentService', 'GetConversation', { name: conversation }, 'name')
        .catch((e: unknown) => e as Error);
      this.cache.set(conversation, pending);
    }
    const got = await pending;
    if (got instanceof Error) return got;
    const turns = (got['turns'] as JsonObject[] | undefined) ?? [];
    const turn = turns[index];
    return turn
      ? turnResult(turn, index + 1)
      : new Error(`conversation ${conversation} has ${turns.length} turns, not ${index + 1}`);
  }
}

function turnResult(turn: JsonObject, turnIndex: number): TurnResult {
  const r = emptyTurnResult(turnIndex);
  for (const m of (turn['messages'] as JsonObject[] | undefined) ?? []) {
    const role = String(m['role'] ?? '');
    for (const c of (m['chunks'] as Chunk[] | undefined) ?? []) addChunk(r, role, c);
  }
  r.text = r.textParts.join(' ').trim();
  // A call without a response in its turn waited for the client (a client tool nobody answered).
  const answered = new Set(r.toolResponses.map((x) => x.id));
  for (const call of r.toolCalls) if (call.id && !answered.has(call.id)) call.origin = 'client';
  return r;
}

function addChunk(r: TurnResult, role: string, c: Chunk): void {
  const push = (e: TranscriptEntry) => r.transcript.push(e);
  if (typeof c.text === 'string') {
    if (role === 'user') push({ kind: 'user', text: c.text });
    else {
      r.textParts.push(c.text);
      push({ kind: 'agent', role, text: c.text });
    }
  } else if (isJsonObject(c.toolCall)) {
    const call = toToolCall(c.toolCall, 'server', role);
    r.toolCalls.push(call);
    push({ kind: 'toolCall', role, call });
  } else if (isJsonObject(c.toolResponse)) {
    const response = toToolResponse(c.toolResponse, role);
    r.toolResponses.push(response);
    push({ kind: 'toolResponse', role, response });
  } else if (isJsonObject(c.agentTransfer)) {
    const transfer = toTransfer(c.agentTransfer, role);
    r.transfers.push(transfer);
    push({ kind: 'transfer', role, transfer });
  } else if (isJsonObject(c.updatedVariables)) {
    Object.assign(r.updatedVariables, c.updatedVariables);
    push({ kind: 'variables', role, variables: c.updatedVariables });
  }
}
