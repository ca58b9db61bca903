// Answers client-side tool calls (SessionOutput.toolCalls) from a conversation's toolFakes.
// An unmatched call is an error naming the tool and args, never a hang.
import { isJsonObject, type JsonObject, type JsonValue } from '../../model/json.js';
import { REDACTED } from '../../model/redact.js';
import type { ToolFakeReply, ToolFakeSpec } from '../../model/spec.js';
import type { ToolCall, TurnResult } from '../../model/turn.js';
import { matchValue, renderValue } from '../../assertions/index.js';

export interface ToolReply {
  id: string;
  tool: string;
  response: JsonObject;
}

export class UnmatchedToolCallError extends Error {
  readonly code = 'UNMATCHED_TOOL_CALL';
  constructor(call: ToolCall) {
    super(
      `no toolFakes entry answers client tool call ${call.name} ${renderValue(call.args)}; ` +
        `add one with \`tool: ${call.name}\` (and whenArgs if needed), ` +
        `or answer it in a \`toolResponses\` turn next`,
    );
    this.name = 'UnmatchedToolCallError';
  }
}

/** One responder per conversation attempt: sequences advance per fake across the attempt. */
export class ToolFakeResponder {
  private readonly used = new Map<ToolFakeSpec, number>();
  private readonly answered = new Set<ToolFakeSpec>();

  constructor(private readonly fakes: readonly ToolFakeSpec[]) {}

  answer(call: ToolCall): ToolReply {
    const fake = this.take(call);
    if (!fake) throw new UnmatchedToolCallError(call);
    const reply = this.nextReply(fake);
    return { id: call.id, tool: call.resource ?? call.name, response: toResponse(reply) };
  }

  /** Whether a fake would answer `call` (none is counted as used). */
  answers(call: ToolCall): boolean {
    return this.fakes.some((f) => this.matches(f, call));
  }

  /** The fake that answers `call` (the first that matches), now counted as used; undefined when none does. */
  take(call: ToolCall): ToolFakeSpec | undefined {
    const fake = this.fakes.find((f) => this.matches(f, call));
    if (fake) this.answered.add(fake);
    return fake;
  }

  /**
   * `take` for a stored call whose args `redact:` masked (rescore): the first fake whose `whenArgs`
   * the call could have matched, a masked value or key matching anything. The live run saw the
   * values and checked the fakes; the stored run cannot tell a masked value apart, so it does not
   * call a fake unused for it.
   */
  takeMasked(call: ToolCall): ToolFakeSpec | undefined {
    const fake = this.fakes.find(
      (f) => this.nameMatches(f, call) && (!f.whenArgs || couldMatch(f.whenArgs, call.args as JsonValue)),
    );
    if (fake) this.answered.add(fake);
    return fake;
  }

  /** The fakes that answered no call: a misspelled tool, a server-side one, or `whenArgs` that never matched. */
  unused(): ToolFakeSpec[] {
    return this.fakes.filter((f) => !this.answered.has(f));
  }

  private matches(fake: ToolFakeSpec, call: ToolCall): boolean {
    if (!this.nameMatches(fake, call)) return false;
    return !fake.whenArgs || matchValue(fake.whenArgs, call.args, 'subset').ok;
  }

  private nameMatches(fake: ToolFakeSpec, call: ToolCall): boolean {
    return fake.tool === call.name || fake.tool === call.displayName || fake.tool === call.resource;
  }

  private nextReply(fake: ToolFakeSpec): ToolFakeReply {
    if (!fake.sequence?.length) return fake;
    const n = this.used.get(fake) ?? 0;
    this.used.set(fake, n + 1);
    return fake.sequence[Math.min(n, fake.sequence.length - 1)]!;
  }
}

/**
 * The fakes that answered none of a recorded conversation's client tool calls (`rescore`): the calls
 * the live run answered are the client calls whose ids its next requests carried as tool responses
 * (TurnResult.inputs), each given to a responder as the live run gave it. A recorded call whose
 * args `redact:` masked is answered by the first fake it could have matched (takeMasked).
 */
export function unusedFakesOf(fakes: readonly ToolFakeSpec[], turns: readonly TurnResult[]): ToolFakeSpec[] {
  const responder = new ToolFakeResponder(fakes);
  for (const turn of turns) {
    const answered = new Set<string>();
    for (const input of turn.inputs)
      if (input.kind === 'toolResponses') for (const r of input.responses) answered.add(r.id);
    for (const call of turn.toolCalls) {
      if (call.origin !== 'client' || !answered.has(call.id)) continue;
      if (!responder.take(call) && JSON.stringify(call.args).includes(REDACTED)) responder.takeMasked(call);
    }
  }
  return responder.unused();
}

/** Whether `actual` (a stored value, parts of it masked) could have matched `expected` (subset). */
function couldMatch(expected: JsonValue, actual: JsonValue): boolean {
  if (typeof actual === 'string' && actual.includes(REDACTED)) return true;
  if (isJsonObject(expected) && isJsonObject(actual) && !Object.keys(expected).some((k) => k.startsWith('$'))) {
    const maskedKey = Object.keys(actual).some((k) => k.includes(REDACTED));
    return Object.entries(expected).every(([k, v]) => (k in actual ? couldMatch(v, actual[k]!) : maskedKey));
  }
  return matchValue(expected, actual, 'subset').ok;
}

/** The platform's convention: results under `output`, failures under `error` (docs/protocol.md §5). */
function toResponse(reply: ToolFakeReply): JsonObject {
  if (reply.error !== undefined) return { error: reply.error };
  return { output: reply.respond ?? {} };
}

/** What an unused fake means, one line: the reasons it can have. */
export function unusedFakeMessage(fake: ToolFakeSpec): string {
  const when = fake.whenArgs ? ` with whenArgs ${renderValue(fake.whenArgs)}` : '';
  return (
    `tool fake "${fake.tool}"${when} answered no call: the agent never called it as a client-side tool ` +
    '(misspelled, a server-side tool, or not reached)'
  );
}
