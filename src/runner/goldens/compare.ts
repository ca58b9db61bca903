// Compares a run with its golden turn by turn: structure exactly, agent text by a comparator.
import { createPatch } from 'diff';
import { isDeepStrictEqual } from 'node:util';
import type { GoldenTurnDiff } from '../../model/result.js';
import { similarity } from '../../assertions/index.js';
import type { GoldenTranscript, GoldenTurn } from './transcript.js';

export interface TextComparator {
  mode: 'exact' | 'normalized' | 'similar';
  threshold?: number;
}

/** Compared exactly in every golden. */
const STRUCTURAL: Array<keyof GoldenTurn> = ['toolCalls', 'transfers', 'payloads', 'variables', 'sessionEnded'];
/** Compared exactly in goldens of format 2 and later (GOLDEN_FORMAT). */
const SINCE_FORMAT_2: Array<keyof GoldenTurn> = ['toolResponses', 'citations', 'endSessionMetadata'];

export function compareGolden(
  expected: GoldenTranscript,
  actual: GoldenTranscript,
  text: TextComparator,
): GoldenTurnDiff[] {
  const diffs: GoldenTurnDiff[] = [];
  if (expected.turns.length !== actual.turns.length) {
    diffs.push({
      turn: Math.min(expected.turns.length, actual.turns.length),
      field: 'turnCount',
      expected: String(expected.turns.length),
      actual: String(actual.turns.length),
    });
  }
  const n = Math.min(expected.turns.length, actual.turns.length);
  const fields = (expected.format ?? 1) >= 2 ? [...STRUCTURAL, ...SINCE_FORMAT_2] : STRUCTURAL;
  for (let turn = 0; turn < n; turn++) {
    const e = expected.turns[turn]!;
    const a = actual.turns[turn]!;
    if (!textMatches(e.text, a.text, text)) diffs.push(fieldDiff(turn, 'text', e.text, a.text));
    for (const field of fields) {
      // A field the golden leaves out is not known (an imported golden: a conversation record has no
      // session end nor citations), so it is not compared, like the fields of an older format.
      if (!(field in e)) continue;
      if (!isDeepStrictEqual(e[field], a[field]))
        diffs.push(fieldDiff(turn, field, render(e[field]), render(a[field])));
    }
  }
  return diffs;
}

function textMatches(expected: string, actual: string, cmp: TextComparator): boolean {
  switch (cmp.mode) {
    case 'exact':
      return expected === actual;
    case 'normalized':
      return normalize(expected) === normalize(actual);
    case 'similar':
      return similarity(expected, actual) >= (cmp.threshold ?? 0.8);
  }
}

function normalize(s: string): string {
  return s.toLowerCase().replace(/\s+/g, ' ').trim();
}

function render(v: unknown): string {
  return typeof v === 'string' ? v : JSON.stringify(v, null, 2);
}

function fieldDiff(turn: number, field: string, expected: string, actual: string): GoldenTurnDiff {
  const patch = createPatch(`turn ${turn + 1} ${field}`, `${expected}\n`, `${actual}\n`, 'golden', 'this run');
  // Drop the "Index:" and "===" header lines: the field name is already in the record.
  const diff = patch.split('\n').slice(2).join('\n').trimEnd();
  return { turn, field, expected, actual, diff };
}

/** One line per difference, for terminal output and assertion messages. */
export function summarizeDiffs(diffs: GoldenTurnDiff[]): string[] {
  return diffs.map((d) =>
    d.field === 'turnCount'
      ? `turn count: golden ${d.expected}, this run ${d.actual}`
      : `turn ${d.turn + 1} ${d.field}: golden ${oneLine(d.expected)}; this run ${oneLine(d.actual)}`,
  );
}

function oneLine(s: string): string {
  const flat = s.replace(/\s+/g, ' ');
  return flat.length > 120 ? `${flat.slice(0, 117)}...` : JSON.stringify(flat);
}
