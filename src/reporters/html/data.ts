// What the HTML page embeds: the RunResult minus what its transcripts already say (size stays linear and small).
import type { AssertionResult, ConversationResult, RunResult, TurnRecord } from '../../model/result.js';
import { describeLocation, type SourceLocation } from '../../model/location.js';
import { isJsonObject, type JsonValue } from '../../model/json.js';
import { rowReason, wordDiff, type WordPart } from './words.js';

/**
 * The document the page embeds (`#report-data`) and its script (html/page/, typed against these
 * types: `npm run typecheck` fails when the two drift apart).
 */
export interface EmbeddedRun {
  runId: string;
  conversations: EmbeddedConversation[];
}

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
  /** A failed text check with one expected string (wantedText) and a string actual: their word-level difference. */
  words?: WordPart[];
  /** A judge expectation's criterion, for the review's labels (review.ts). */
  criterion?: string;
}

export type EmbeddedGolden = Omit<NonNullable<ConversationResult['golden']>, 'diffs'> & {
  diffs: Array<NonNullable<ConversationResult['golden']>['diffs'][number] & { words: WordPart[] }>;
};

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
  /** Where the error happened: its turn when known, else the conversation (as console, GitHub and JUnit say). */
  errorLoc?: string;
  skipReason?: string;
  /** One line for the row: why it failed, errored or was skipped. */
  reason?: string;
  golden?: EmbeddedGolden;
  /** A simulated conversation: stop reason and each goal's grade. */
  simulation?: ConversationResult['simulation'];
}

function loc(l: SourceLocation | undefined): string | undefined {
  return l ? describeLocation(l) : undefined;
}

/** Options whose one string is the text wanted, `equals` (the whole text) first. */
const WANTED_TEXT_KEYS = ['equals', 'contains', 'similar'] as const;

/**
 * The text a failed check wanted, when it is one string: `text` and `transcript` keep their options in
 * `expected` (`{equals: …}`, `{contains: [one]}`, src/assertions/text-checks.ts); a custom matcher may
 * give the string itself. A pattern, a choice or several phrases have no one text to diff against.
 */
function wantedText(expected: JsonValue | undefined): string | undefined {
  if (typeof expected === 'string') return expected;
  if (!isJsonObject(expected)) return undefined;
  for (const key of WANTED_TEXT_KEYS) {
    const v = expected[key];
    if (typeof v === 'string') return v;
    if (Array.isArray(v) && v.length === 1 && typeof v[0] === 'string') return v[0];
  }
  return undefined;
}

function wordsOf(a: AssertionResult): { words?: WordPart[] } {
  if (a.status !== 'failed' || a.negated || typeof a.actual !== 'string') return {};
  const wanted = wantedText(a.expected);
  return wanted === undefined ? {} : { words: wordDiff(wanted, a.actual) };
}

function assertion(a: AssertionResult): EmbeddedAssertion {
  return {
    matcher: a.matcher,
    negated: a.negated,
    status: a.status,
    message: a.message,
    loc: loc(a.loc),
    ...wordsOf(a),
    ...criterionOf(a),
  };
}

/** `judge: "text"` or `judge: {prompt}` (the expectation's options, kept in `expected`). */
function criterionOf(a: AssertionResult): { criterion?: string } {
  if (a.matcher !== 'judge') return {};
  const e = a.expected;
  if (typeof e === 'string') return { criterion: e };
  const prompt = e && typeof e === 'object' && !Array.isArray(e) ? e['prompt'] : undefined;
  return typeof prompt === 'string' ? { criterion: prompt } : {};
}

function golden(g: ConversationResult['golden']): EmbeddedGolden | undefined {
  return g && { ...g, diffs: g.diffs.map((d) => ({ ...d, words: wordDiff(d.expected, d.actual) })) };
}

function turn(t: TurnRecord): EmbeddedTurn {
  const audio = t.result?.audio;
  return {
    index: t.index,
    label: t.label,
    loc: loc(t.loc),
    inputs: t.result ? undefined : t.inputs,
    transcript: t.result?.transcript ?? [],
    latencyMs: t.result?.latency.totalMs,
    assertions: t.assertions.map(assertion),
    error: t.error,
    audio: audio && (audio.userWav || audio.agentWav) ? { user: audio.userWav, agent: audio.agentWav } : undefined,
  };
}

/** The turn the error happened in when known, else the conversation (errorLocation in ../format.ts). */
function errorLoc(c: ConversationResult): string | undefined {
  const at = c.error?.turn;
  const turnLoc = at !== undefined ? c.turns.find((t) => t.index === at)?.loc : undefined;
  return loc(turnLoc ?? c.loc);
}

function embedConversation(c: ConversationResult): EmbeddedConversation {
  return {
    id: c.id,
    name: c.name,
    file: c.file,
    loc: loc(c.loc),
    tags: c.tags,
    status: c.status,
    runIndex: c.runIndex,
    repeat: c.repeat,
    durationMs: c.durationMs,
    attempts: c.attempts,
    turns: c.turns.map(turn),
    assertions: c.assertions.map(assertion),
    error: c.error,
    errorLoc: c.error ? errorLoc(c) : undefined,
    skipReason: c.skipReason,
    reason: rowReason(c),
    golden: golden(c.golden),
    ...(c.simulation ? { simulation: c.simulation } : {}),
  };
}

// Failures and errors lead the page, then the rest in run order.
const RANK: Record<ConversationResult['status'], number> = {
  error: 0,
  failed: 0,
  interrupted: 1,
  skipped: 2,
  passed: 3,
};

export function embedRun(result: RunResult): EmbeddedRun {
  const ordered = result.conversations
    .map((c, i) => ({ c, i }))
    .sort((a, b) => RANK[a.c.status] - RANK[b.c.status] || a.i - b.i);
  return { runId: result.runId, conversations: ordered.map(({ c }) => embedConversation(c)) };
}

/**
 * JSON safe inside <script type="application/json">: `<` can never close the element or open a comment,
 * and U+2028/2029 are escaped for older parsers. JSON.parse restores them all.
 */
export function scriptSafeJson(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}
