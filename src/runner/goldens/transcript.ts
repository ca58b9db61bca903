// The golden form of a conversation: what should stay the same between runs, with volatile
// fields (call ids, timestamps, session names, latencies) stripped.
import type { JsonObject } from '../../model/json.js';
import type { ConversationResult, TurnRecord } from '../../model/result.js';
import type { Citation, TurnInput } from '../../model/turn.js';

/**
 * Format 2 added tool responses, citations and the end-of-session metadata. A golden recorded
 * before (no `format`) is compared on the fields it has; re-record it to compare the rest.
 */
export const GOLDEN_FORMAT = 2;

export interface GoldenTurn {
  input: string;
  text: string;
  toolCalls: Array<{ name: string; args: JsonObject }>;
  toolResponses?: Array<{ name: string; response: JsonObject }>;
  transfers: string[];
  payloads: JsonObject[];
  variables: JsonObject;
  citations?: Citation[];
  /** Absent in a golden imported from a conversation record, which does not say (so it is not compared). */
  sessionEnded?: boolean;
  /** The end-of-session metadata (e.g. `{reason: user_goodbye}`); `{}` when the session did not end. */
  endSessionMetadata?: JsonObject;
}

export interface GoldenTranscript {
  format?: number;
  conversation: string;
  spec: string;
  turns: GoldenTurn[];
}

/** What a golden is made of: a conversation's name, file and each turn's inputs and result. */
export type GoldenSource = Pick<ConversationResult, 'name' | 'file'> & {
  turns: ReadonlyArray<Pick<TurnRecord, 'inputs' | 'result'>>;
};

export function goldenTranscript(result: GoldenSource): GoldenTranscript {
  // As it reads back from the file: no `undefined` members (YAML drops them; equality must not see them).
  return JSON.parse(JSON.stringify(transcriptOf(result))) as GoldenTranscript;
}

function transcriptOf(result: GoldenSource): GoldenTranscript {
  return {
    format: GOLDEN_FORMAT,
    conversation: result.name,
    spec: result.file,
    turns: result.turns.map((t) => ({
      input: describeInputs(t.inputs),
      text: t.result?.text ?? '',
      toolCalls: (t.result?.toolCalls ?? []).map((c) => ({ name: c.name, args: c.args })),
      toolResponses: (t.result?.toolResponses ?? []).map((r) => ({ name: r.name, response: r.response })),
      transfers: (t.result?.transfers ?? []).map((x) => x.to),
      payloads: t.result?.payloads ?? [],
      variables: t.result?.updatedVariables ?? {},
      citations: t.result?.citations ?? [],
      sessionEnded: t.result?.sessionEnded ?? false,
      endSessionMetadata: t.result?.endSessionMetadata ?? {},
    })),
  };
}

function describeInputs(inputs: TurnInput[]): string {
  return inputs
    .map((i) => {
      switch (i.kind) {
        case 'text':
          return `user: ${i.text}`;
        case 'event':
          return `event: ${i.event}`;
        case 'dtmf':
          return `dtmf: ${i.digits}`;
        case 'blob':
        case 'image':
          return `${i.kind}: ${i.file ?? i.mimeType}`;
        case 'audio':
          return `audio: ${i.file ?? i.say ?? `${i.bytes} bytes`}`;
        case 'variables':
          return `variables: ${JSON.stringify(i.variables)}`;
        case 'toolResponses':
          return `toolResponses: ${i.responses.map((r) => r.name).join(', ')}`;
      }
    })
    .join(' + ');
}
