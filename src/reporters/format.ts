// Plain-text building blocks shared by the list, junit and github reporters.
import type { AssertionResult, ConversationResult, ErrorInfo, TurnRecord, Verdict } from '../model/result.js';
import type { TurnInput } from '../model/turn.js';
import { describeLocation } from '../model/location.js';
import { json, transcriptEntryLine } from './transcript-line.js';

const SYMBOLS: Record<Verdict, string> = { passed: '✓', failed: '✗', error: '!', skipped: '-', interrupted: '~' };

export function statusSymbol(status: Verdict): string {
  return SYMBOLS[status];
}

/**
 * `850ms`, `12.3s`, `2m5s`. Each unit's bound is where its rounding would reach the next one
 * (999.6 ms is `1.0s`, 59.96 s is `1m0s`), and minutes round the whole duration to seconds first,
 * so 119.6 s is `2m0s`, never `1m60s`.
 */
export function formatDuration(ms: number): string {
  if (ms < 999.5) return `${Math.round(ms)}ms`;
  if (ms < 59_950) return `${(ms / 1000).toFixed(1)}s`;
  const seconds = Math.round(ms / 1000);
  return `${Math.floor(seconds / 60)}m${seconds % 60}s`;
}

/** `87.5%`; `–` for a rate of nothing (no run counted), which is not 0%. */
export function formatPercent(rate: number | null): string {
  return rate === null ? '–' : `${(rate * 100).toFixed(1)}%`;
}

/** `file › name [#run]`: the run index only matters when the conversation repeats. */
export function conversationTitle(c: Pick<ConversationResult, 'file' | 'name' | 'runIndex' | 'repeat'>): string {
  const run = c.repeat > 1 ? ` [#${c.runIndex + 1}]` : '';
  return `${c.file} › ${c.name}${run}`;
}

/** Where to point a reader at: the assertion's own position, else the conversation's. */
export function assertionLocation(a: AssertionResult, c: ConversationResult): string {
  const turnLoc = a.turn !== undefined ? c.turns.find((t) => t.index === a.turn)?.loc : undefined;
  return describeLocation(a.loc ?? turnLoc ?? c.loc);
}

/** An error points at the turn it happened in when known, else at the conversation. */
export function errorLocation(c: ConversationResult): string {
  const turn = c.error?.turn !== undefined ? c.turns.find((t) => t.index === c.error!.turn) : undefined;
  return describeLocation(turn?.loc ?? c.loc);
}

/** How an error reads wherever a report names it: `CODE: message`. */
export function errorText(e: Pick<ErrorInfo, 'code' | 'message'>): string {
  return `${e.code}: ${e.message}`;
}

function allAssertions(c: ConversationResult): AssertionResult[] {
  return [...c.turns.flatMap((t) => t.assertions), ...c.assertions];
}

export function failedAssertions(c: ConversationResult): AssertionResult[] {
  return allAssertions(c).filter((a) => a.status === 'failed' || a.status === 'error');
}

function inputLine(input: TurnInput): string {
  switch (input.kind) {
    case 'text':
      return `USER QUERY: ${input.text}`;
    case 'event':
      return `USER EVENT: ${input.event}`;
    case 'dtmf':
      return `USER DTMF: ${input.digits}`;
    case 'variables':
      return `USER VARIABLES: ${json(input.variables)}`;
    case 'toolResponses':
      return `USER TOOL RESPONSES: ${json(input.responses)}`;
    case 'audio':
      return `USER AUDIO: ${input.say ?? input.file ?? `${input.bytes} bytes`}`;
    default:
      return `USER ${input.kind.toUpperCase()}: ${input.file ?? input.mimeType} (${input.bytes} bytes)`;
  }
}

/** A turn's lines: the transcript when a result exists, else what was sent (the turn failed before any output). */
function turnLines(t: TurnRecord): string[] {
  const header = `--- Turn ${t.index + 1}${t.label ? ` (${t.label})` : ''} ---`;
  const body = t.result ? t.result.transcript.map(transcriptEntryLine) : t.inputs.map(inputLine);
  const error = t.error ? [`ERROR ${errorText(t.error)}`] : [];
  return [header, ...body, ...error];
}

export function transcriptText(c: ConversationResult): string {
  return c.turns.flatMap(turnLines).join('\n');
}
