// The golden form of a conversation: what should stay the same between runs, with volatile
// fields (call ids, timestamps, session names, latencies) stripped.
import type { JsonObject } from '../../model/json.js';
import type { ConversationResult } from '../../model/result.js';
import type { TurnInput } from '../../model/turn.js';

export interface GoldenTurn {
  input: string;
  text: string;
  toolCalls: Array<{ name: string; args: JsonObject }>;
  transfers: string[];
  payloads: JsonObject[];
  variables: JsonObject;
  sessionEnded: boolean;
}

export interface GoldenTranscript {
  conversation: string;
  spec: string;
  turns: GoldenTurn[];
}

export function goldenTranscript(result: ConversationResult): GoldenTranscript {
  return {
    conversation: result.name,
    spec: result.file,
    turns: result.turns.map((t) => ({
      input: describeInputs(t.inputs),
      text: t.result?.text ?? '',
      toolCalls: (t.result?.toolCalls ?? []).map((c) => ({ name: c.name, args: c.args })),
      transfers: (t.result?.transfers ?? []).map((x) => x.to),
      payloads: t.result?.payloads ?? [],
      variables: t.result?.updatedVariables ?? {},
      sessionEnded: t.result?.sessionEnded ?? false,
    })),
  };
}

function describeInputs(inputs: TurnInput[]): string {
  return inputs.map((i) => {
    switch (i.kind) {
      case 'text': return `user: ${i.text}`;
      case 'event': return `event: ${i.event}`;
      case 'dtmf': return `dtmf: ${i.digits}`;
      case 'blob':
      case 'image': return `${i.kind}: ${i.file ?? i.mimeType}`;
      case 'audio': return `audio: ${i.file ?? i.say ?? `${i.bytes} bytes`}`;
      case 'variables': return `variables: ${JSON.stringify(i.variables)}`;
      case 'toolResponses': return `toolResponses: ${i.responses.map((r) => r.name).join(', ')}`;
    }
  }).join(' + ');
}
