// The canonical transcript the judge reads: numbered turns, user input, tool calls (key-sorted args)
// and responses, transfers, agent text, variables, session end; redacted before it leaves the machine.
import type { TranscriptEntry, TurnInput, TurnResult } from '../model/turn.js';
import { canonicalJson, type JsonValue } from '../model/json.js';

export interface TranscriptTurn {
  inputs: readonly TurnInput[];
  result?: TurnResult;
}

const MAX_FIELD = 4000;

/** `turns` in order (index 0 = "Turn 1"); `redact` masks secrets in the rendered text. */
export function renderTranscript(
  turns: readonly TranscriptTurn[],
  redact: (text: string) => string = (t) => t,
): string {
  const out: string[] = [];
  turns.forEach((turn, i) => {
    out.push(`Turn ${i + 1}`);
    for (const input of turn.inputs) out.push(`  ${inputLine(input, turn.result)}`);
    if (!turn.result) out.push('  (no reply: the turn failed)');
    else for (const line of replyLines(turn.result)) out.push(`  ${line}`);
  });
  return redact(out.join('\n'));
}

function json(value: JsonValue): string {
  const text = canonicalJson(value);
  return text.length > MAX_FIELD ? `${text.slice(0, MAX_FIELD)}…` : text;
}

function inputLine(input: TurnInput, result: TurnResult | undefined): string {
  switch (input.kind) {
    case 'text':
      return `user: ${input.text}`;
    case 'event':
      return `user event: ${input.event}`;
    case 'dtmf':
      return `user dtmf: ${input.digits}`;
    case 'blob':
    case 'image':
      return `user ${input.kind}: ${input.mimeType}, ${input.bytes} bytes`;
    case 'audio':
      return `user (audio): ${result?.recognizedTranscript ?? input.say ?? '(not recognised)'}`;
    case 'variables':
      return `user variables: ${json(input.variables)}`;
    case 'toolResponses':
      return `client tool responses: ${input.responses.map((r) => `${r.name} ${json(r.response)}`).join('; ')}`;
  }
}

function replyLines(result: TurnResult): string[] {
  const fromTranscript = result.transcript
    .filter((e) => e.kind !== 'user')
    .map(entryLine)
    .filter((l) => l !== undefined);
  const lines = fromTranscript.length > 0 ? fromTranscript : structuredLines(result);
  if (!lines.some((l) => l.startsWith('agent')) && result.text) lines.push(`agent: ${result.text}`);
  if (result.sessionEnded && !lines.includes('session ended')) lines.push('session ended');
  return lines;
}

function entryLine(e: TranscriptEntry): string | undefined {
  switch (e.kind) {
    case 'agent':
      return `agent (${e.role}): ${e.text}`;
    case 'toolCall':
      return `tool call: ${e.call.name} ${json(e.call.args)}`;
    case 'toolResponse':
      return `tool response: ${e.response.name} ${json(e.response.response)}`;
    case 'transfer':
      return `transfer: to ${e.transfer.to}${e.transfer.from ? ` from ${e.transfer.from}` : ''}`;
    case 'payload':
      return `payload: ${json(e.payload)}`;
    case 'variables':
      return `variables updated: ${json(e.variables)}`;
    case 'endSession':
      return 'session ended';
    case 'citations':
    case 'bargeIn':
    case 'user':
      return undefined;
  }
}

/** For results without a transcript: the same facts in a fixed order. */
function structuredLines(r: TurnResult): string[] {
  const responses = new Map(r.toolResponses.map((t) => [t.id, t]));
  const lines: string[] = [];
  for (const call of r.toolCalls) {
    lines.push(`tool call: ${call.name} ${json(call.args)}`);
    const response = responses.get(call.id);
    if (response) lines.push(`tool response: ${response.name} ${json(response.response)}`);
  }
  for (const t of r.transfers) lines.push(`transfer: to ${t.to}${t.from ? ` from ${t.from}` : ''}`);
  for (const p of r.payloads) lines.push(`payload: ${json(p)}`);
  if (r.text) lines.push(`agent: ${r.text}`);
  if (Object.keys(r.updatedVariables).length > 0) lines.push(`variables updated: ${json(r.updatedVariables)}`);
  return lines;
}
