// One line of a turn's transcript as the reports write it: JUnit's system-out and the list's failures
// (format.ts) and the HTML page's transcript. The page's script (html/page/) bundles this file for the
// browser, so it stays pure and imports types only (lint).
import type { TranscriptEntry, TurnInput } from '../model/turn.js';

export function json(v: unknown): string {
  return JSON.stringify(v) ?? 'null';
}

function userLabel(input: TurnInput['kind'] | undefined): string {
  if (input === 'event') return 'USER EVENT';
  if (input === 'dtmf') return 'USER DTMF';
  return 'USER QUERY';
}

export function transcriptEntryLine(e: TranscriptEntry): string {
  switch (e.kind) {
    case 'user':
      return `${userLabel(e.input)}: ${e.text}`;
    case 'agent':
      return `AGENT RESPONSE [${e.role}]: ${e.text}`;
    case 'toolCall':
      return `TOOL CALL ${e.call.name} -- Args: ${json(e.call.args)}`;
    case 'toolResponse':
      return `TOOL RESULT ${e.response.name}: ${json(e.response.response)}`;
    case 'transfer':
      return `AGENT TRANSFER ${e.transfer.from ?? e.role} -> ${e.transfer.to}`;
    case 'payload':
      return `CUSTOM PAYLOAD: ${json(e.payload)}`;
    case 'variables':
      return `VARIABLES: ${json(e.variables)}`;
    case 'citations':
      return `CITATIONS: ${e.citations.map((c) => c.uri ?? c.title ?? '').join(', ')}`;
    case 'endSession':
      return `SESSION ENDED${e.metadata ? `: ${json(e.metadata)}` : ''}`;
    case 'bargeIn':
      return 'BARGE IN';
  }
}
