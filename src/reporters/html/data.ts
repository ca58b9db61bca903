// What the HTML page embeds: the RunResult minus what its transcripts already say (size stays linear and small).
import type { AssertionResult, ConversationResult, RunResult, TurnRecord } from '../../model/result.js';
import type { JsonObject } from '../../model/json.js';

/** The page reads these keys; keep html/client.ts in step when changing them. */
export interface EmbeddedTurn {
  index: number;
  label?: string;
  loc?: string;
  /** Only when the turn has no result: the transcript carries the inputs otherwise. */
  inputs?: TurnRecord['inputs'];
  transcript: NonNullable<TurnRecord['result']>['transcript'];
  latencyMs?: number;
  assertions: EmbeddedAssertion[];
  error?: TurnRecord['error'];
  audio?: { user?: string; agent?: string };
}

export interface EmbeddedAssertion {
  matcher: string;
  negated: boolean;
  status: AssertionResult['status'];
  message: string;
  loc?: string;
}

export interface EmbeddedConversation {
  id: string;
  name: string;
  file: string;
  loc?: string;
  tags: string[];
  status: ConversationResult['status'];
  runIndex: number;
  repeat: number;
  durationMs: number;
  attempts: ConversationResult['attempts'];
  turns: EmbeddedTurn[];
  assertions: EmbeddedAssertion[];
  error?: ConversationResult['error'];
  skipReason?: string;
  golden?: ConversationResult['golden'];
}

function loc(l: { file: string; line: number; col: number } | undefined): string | undefined {
  return l ? `${l.file}:${l.line}:${l.col}` : undefined;
}

function assertion(a: AssertionResult): EmbeddedAssertion {
  return { matcher: a.matcher, negated: a.negated, status: a.status, message: a.message, loc: loc(a.loc) };
}

function turn(t: TurnRecord): EmbeddedTurn {
  const audio = t.result?.audio;
  return {
    index: t.index, label: t.label, loc: loc(t.loc),
    inputs: t.result ? undefined : t.inputs,
    transcript: t.result?.transcript ?? [],
    latencyMs: t.result?.latency.totalMs,
    assertions: t.assertions.map(assertion),
    error: t.error,
    audio: audio && (audio.userWav || audio.agentWav) ? { user: audio.userWav, agent: audio.agentWav } : undefined,
  };
}

export function embedConversation(c: ConversationResult): EmbeddedConversation {
  return {
    id: c.id, name: c.name, file: c.file, loc: loc(c.loc), tags: c.tags, status: c.status, runIndex: c.runIndex,
    repeat: c.repeat, durationMs: c.durationMs, attempts: c.attempts, turns: c.turns.map(turn),
    assertions: c.assertions.map(assertion), error: c.error, skipReason: c.skipReason, golden: c.golden,
  };
}

export function embedRun(result: RunResult): JsonObject {
  return { conversations: result.conversations.map(embedConversation) } as unknown as JsonObject;
}

/**
 * JSON safe inside <script type="application/json">: `<` can never close the element or open a comment,
 * and U+2028/2029 are escaped for older parsers. JSON.parse restores them all.
 */
export function scriptSafeJson(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c').replace(/>/g, '\\u003e').replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
}
