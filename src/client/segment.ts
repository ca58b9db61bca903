// One turn-completed segment of outputs → transcript entries plus the facts they carry.
// diagnosticInfo is the full record of the turn; the plain outputs are only read for what it
// lacks (client tool calls, citations, endSession), so no text is ever counted twice.
import type { JsonObject } from '../model/json.js';
import { describeInput, type ToolCall, type TranscriptEntry, type TurnInput } from '../model/turn.js';
import type { Chunk, Message, SessionOutput, WireToolCall } from './types.js';
import { toCitation, toToolCall, toToolResponse, toTransfer } from './chunks.js';

export interface Collected {
  transcript: TranscriptEntry[];
  toolCalls: ToolCall[];
  toolResponses: Extract<TranscriptEntry, { kind: 'toolResponse' }>['response'][];
  transfers: Extract<TranscriptEntry, { kind: 'transfer' }>['transfer'][];
  payloads: JsonObject[];
  variables: JsonObject[];
  roles: string[];
}

export function emptyCollected(): Collected {
  return { transcript: [], toolCalls: [], toolResponses: [], transfers: [], payloads: [], variables: [], roles: [] };
}

export function collectSegment(outputs: SessionOutput[], into: Collected, userInputs: TurnInput[]): void {
  // Plain loops: this runs for every turn, and flatMap is several times slower in V8.
  const messages: Message[] = [];
  const clientCalls = new Map<string, WireToolCall>();
  const outputPayloads: JsonObject[] = [];
  for (const o of outputs) {
    for (const m of o.diagnosticInfo?.messages ?? []) messages.push(m);
    for (const c of o.toolCalls?.toolCalls ?? []) clientCalls.set(c.id ?? '', c);
    if (o.payload) outputPayloads.push(o.payload);
  }
  into.payloads.push(...outputPayloads);
  if (messages.length === 0) return collectFromOutputs(outputs, into, userInputs);
  const seenCalls = new Set<string>();
  for (const m of messages) collectMessage(m, into, clientCalls, seenCalls, outputPayloads.length === 0);
  for (const [id, call] of clientCalls) if (!seenCalls.has(id)) addToolCall(into, toToolCall(call, 'client'), 'agent');
  collectOutputExtras(outputs, into);
}

function collectMessage(
  m: Message,
  into: Collected,
  clientCalls: Map<string, unknown>,
  seenCalls: Set<string>,
  usePayloadChunks: boolean,
): void {
  const role = m.role ?? '';
  if (role && role !== 'user') into.roles.push(role);
  for (const chunk of m.chunks ?? []) {
    if (chunk.toolCall) {
      const id = chunk.toolCall.id ?? '';
      seenCalls.add(id);
      addToolCall(into, toToolCall(chunk.toolCall, clientCalls.has(id) ? 'client' : 'server', role), role);
    } else if (chunk.payload) {
      if (usePayloadChunks) into.payloads.push(chunk.payload);
      into.transcript.push({ kind: 'payload', role, payload: chunk.payload });
    } else {
      collectChunk(chunk, role, into);
    }
  }
}

function collectChunk(chunk: Chunk, role: string, into: Collected): void {
  const text = chunk.text ?? chunk.transcript;
  if (text !== undefined) {
    into.transcript.push(role === 'user' ? { kind: 'user', text } : { kind: 'agent', role, text });
  } else if (chunk.toolResponse) {
    const response = toToolResponse(chunk.toolResponse, role);
    into.toolResponses.push(response);
    into.transcript.push({ kind: 'toolResponse', role, response });
  } else if (chunk.agentTransfer) {
    const transfer = toTransfer(chunk.agentTransfer, role);
    into.transfers.push(transfer);
    into.transcript.push({ kind: 'transfer', role, transfer });
  } else if (chunk.updatedVariables) {
    into.variables.push(chunk.updatedVariables);
    into.transcript.push({ kind: 'variables', role, variables: chunk.updatedVariables });
  } else if (role === 'user' && (chunk.blob || chunk.image)) {
    const kind = chunk.blob ? 'blob' : 'image';
    into.transcript.push({
      kind: 'user',
      text: `[${kind} ${(chunk.blob ?? chunk.image)?.mimeType ?? ''}]`.replace(' ]', ']'),
      input: kind,
    });
  }
}

function addToolCall(into: Collected, call: ToolCall, role: string): void {
  into.toolCalls.push(call);
  into.transcript.push({ kind: 'toolCall', role, call });
}

/** No diagnosticInfo: the inputs stand for the user, the outputs for the agent. */
function collectFromOutputs(outputs: SessionOutput[], into: Collected, userInputs: TurnInput[]): void {
  for (const input of userInputs) into.transcript.push({ kind: 'user', text: describeInput(input), input: input.kind });
  for (const o of outputs) {
    if (o.text !== undefined) into.transcript.push({ kind: 'agent', role: 'agent', text: o.text });
    for (const c of o.toolCalls?.toolCalls ?? []) addToolCall(into, toToolCall(c, 'client'), 'agent');
    if (o.payload) into.transcript.push({ kind: 'payload', role: 'agent', payload: o.payload });
    collectOutputExtras([o], into);
  }
}

function collectOutputExtras(outputs: SessionOutput[], into: Collected): void {
  for (const o of outputs) {
    const cited = o.citations?.citedChunks;
    if (cited?.length) into.transcript.push({ kind: 'citations', role: 'agent', citations: cited.map(toCitation) });
    if (o.endSession) {
      const metadata = o.endSession.metadata;
      into.transcript.push({
        kind: 'endSession',
        role: 'agent',
        ...(metadata && Object.keys(metadata).length ? { metadata } : {}),
      });
    }
  }
}
