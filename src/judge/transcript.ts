// The canonical transcript the judge reads, as data: a list of numbered turns, each a list of events
// with a `role` and quoted fields (tool calls with key-sorted args, responses, transfers, agent text,
// variables, session end). The agent's and user's words only ever appear inside JSON strings, so a
// reply containing newlines, a "tool response: …" line or a fake "Turn 2" stays one quoted string and
// cannot pose as evidence (docs: src/judge/README.md). Redacted value by value before it leaves the machine.
import type { TranscriptEntry, TurnInput, TurnResult } from '../model/turn.js';
import { canonicalJson, type JsonObject, type JsonValue } from '../model/json.js';

export interface TranscriptTurn {
  inputs: readonly TurnInput[];
  result?: TurnResult;
}

/** One turn of the judge's transcript. */
export interface JudgeTurn {
  turn: number;
  events: JsonObject[];
}

/** Free-form values (tool args and responses, variables, payloads) longer than this are cut, as text. */
const MAX_FIELD = 4000;

/** `turns` in order (the first is turn 1); `redact` masks secrets in every string, key and scalar. */
export function transcriptData(
  turns: readonly TranscriptTurn[],
  redact: (text: string) => string = (t) => t,
): JudgeTurn[] {
  return turns.map((turn, i) => {
    const events: JsonObject[] = turn.inputs.map((input) => inputEvent(input, turn.result));
    if (!turn.result) events.push({ role: 'system', note: 'no reply: the turn failed' });
    else events.push(...replyEvents(turn.result));
    return { turn: i + 1, events: events.map((e) => masked(e, redact) as JsonObject) };
  });
}

/** The transcript as canonical JSON text (keys sorted at every level): equal turns, equal text. */
export function renderTranscript(
  turns: readonly TranscriptTurn[],
  redact: (text: string) => string = (t) => t,
): string {
  return canonicalJson(transcriptData(turns, redact) as unknown as JsonValue);
}

/** A free-form value, or its JSON text cut short (marked) when it is too long to show whole. */
function data(value: JsonValue): JsonValue {
  const text = canonicalJson(value);
  return text.length > MAX_FIELD ? `${text.slice(0, MAX_FIELD)}… (truncated)` : value;
}

function inputEvent(input: TurnInput, result: TurnResult | undefined): JsonObject {
  switch (input.kind) {
    case 'text':
      return { role: 'user', text: input.text };
    case 'event':
      return { role: 'user', event: input.event };
    case 'dtmf':
      return { role: 'user', dtmf: input.digits };
    case 'blob':
    case 'image':
      return { role: 'user', [input.kind]: { mimeType: input.mimeType, bytes: input.bytes } };
    case 'audio':
      return { role: 'user', spoken: result?.recognizedTranscript ?? input.say ?? '(not recognised)' };
    case 'variables':
      return { role: 'user', variables: data(input.variables) };
    case 'toolResponses':
      return {
        role: 'client',
        toolResponses: input.responses.map((r) => ({ name: r.name, response: data(r.response) })),
      };
  }
}

function replyEvents(result: TurnResult): JsonObject[] {
  const fromTranscript = result.transcript
    .filter((e) => e.kind !== 'user')
    .map(entryEvent)
    .filter((e) => e !== undefined);
  const events = fromTranscript.length > 0 ? fromTranscript : structuredEvents(result);
  if (!events.some((e) => e['role'] === 'agent' && 'text' in e) && result.text)
    events.push({ role: 'agent', text: result.text });
  if (result.sessionEnded && !events.some((e) => e['sessionEnded'] === true))
    events.push({ role: 'platform', sessionEnded: true });
  return events;
}

function entryEvent(e: TranscriptEntry): JsonObject | undefined {
  switch (e.kind) {
    case 'agent':
      return { role: 'agent', agent: e.role, text: e.text };
    case 'toolCall':
      return { role: 'tool', toolCall: { name: e.call.name, args: data(e.call.args) } };
    case 'toolResponse':
      return { role: 'tool', toolResponse: { name: e.response.name, response: data(e.response.response) } };
    case 'transfer':
      return { role: 'platform', transfer: transferOf(e.transfer) };
    case 'payload':
      return { role: 'agent', payload: data(e.payload) };
    case 'variables':
      return { role: 'platform', variablesUpdated: data(e.variables) };
    case 'endSession':
      return { role: 'platform', sessionEnded: true };
    case 'citations':
    case 'bargeIn':
    case 'user':
      return undefined;
  }
}

function transferOf(t: { to: string; from?: string }): JsonObject {
  return { to: t.to, ...(t.from ? { from: t.from } : {}) };
}

/** For results without a transcript: the same facts in a fixed order. */
function structuredEvents(r: TurnResult): JsonObject[] {
  const responses = new Map(r.toolResponses.map((t) => [t.id, t]));
  const events: JsonObject[] = [];
  for (const call of r.toolCalls) {
    events.push({ role: 'tool', toolCall: { name: call.name, args: data(call.args) } });
    const response = responses.get(call.id);
    if (response)
      events.push({ role: 'tool', toolResponse: { name: response.name, response: data(response.response) } });
  }
  for (const t of r.transfers) events.push({ role: 'platform', transfer: transferOf(t) });
  for (const p of r.payloads) events.push({ role: 'agent', payload: data(p) });
  if (r.text) events.push({ role: 'agent', text: r.text });
  if (Object.keys(r.updatedVariables).length > 0)
    events.push({ role: 'platform', variablesUpdated: data(r.updatedVariables) });
  return events;
}

/**
 * Every string and key masked, and the JSON text of every number and boolean (a card number sent
 * as a number is still a card number), so masking never has to edit JSON text.
 */
function masked(value: JsonValue, redact: (text: string) => string): JsonValue {
  if (typeof value === 'string') return redact(value);
  if (typeof value === 'number' || typeof value === 'boolean') {
    const text = JSON.stringify(value);
    const out = redact(text);
    return out === text ? value : out;
  }
  if (value === null) return value;
  if (Array.isArray(value)) return value.map((v) => masked(v, redact));
  const out: JsonObject = {};
  for (const [k, v] of Object.entries(value)) out[redact(k)] = masked(v, redact);
  return out;
}
