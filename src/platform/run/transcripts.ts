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

  /**
   * The conversation turn of golden turn `index`. A golden turn without a user input is not sent
   * (NOT_SENT), so when the conversation has fewer turns than the golden, its turns are those of
   * the golden turns that had inputs (`sentTurns`), in order.
   */
  async turn(conversation: string, index: number, sentTurns: boolean[] = []): Promise<TurnResult | Error | NotSent> {
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
    const at = conversationIndex(index, turns.length, sentTurns);
    if (at === NOT_SENT) return NOT_SENT;
    const turn = turns[at];
    return turn
      ? turnResult(turn, index + 1)
      : new Error(`conversation ${conversation} has ${turns.length} turns, not ${at + 1}`);
  }
}

/** A golden turn with no user input: nothing was sent for it, so it has no conversation turn. */
export const NOT_SENT = 'notSent';
type NotSent = typeof NOT_SENT;

/**
 * Where golden turn `index` is in a conversation of `length` turns: the same index when every
 * golden turn made one, else counting only the golden turns that had an input to send.
 */
function conversationIndex(index: number, length: number, sentTurns: boolean[]): number | NotSent {
  if (length >= sentTurns.length || sentTurns.every(Boolean)) return index;
  if (sentTurns[index] === false) return NOT_SENT;
  return sentTurns.slice(0, index).filter(Boolean).length;
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
