// `cxas-eval import conversations`: conversations an app served → spec files (the user's inputs as
// turns, what the agent did as expectations) or specs with goldens. Redaction runs before anything
// is written; conversations with the same inputs are written once; each file names its sources.
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import type { Conversation } from '../../client/index.js';
import { canonicalJson, type JsonValue } from '../../model/json.js';
import type { Redactor } from '../../model/redact.js';
import { shortName } from '../../model/inventory.js';
import type { MatchStyle } from '../../model/spec.js';
import type { TurnInput } from '../../model/turn.js';
import { goldenPath, goldenTranscript, writeGolden } from '../goldens/index.js';
import type { GoldenTranscript } from '../goldens/transcript.js';
import { slug } from '../goldens/paths.js';
import { recordedNative, type Recording } from './conversation.js';
import { recordingOfConversation, type ImportedRecording } from './from-conversation.js';
import { writeRecorded } from './write.js';

export interface ImportOptions {
  /** Where the spec files go (absolute). */
  outDir: string;
  cwd: string;
  match: MatchStyle;
  /** `specs` (expectations) or `goldens` (specs comparing with a golden each, written under goldensDir). */
  as: 'specs' | 'goldens';
  goldensDir: string;
  /** The folders goldens may be written in (the project root and files.allowRoots); default: `cwd`. */
  roots?: readonly string[];
  redactor: Redactor;
  /** Only conversations whose user or agent text contains this (case-insensitive). */
  filterText?: string;
  /** Only the `limit` most recent of those filterText keeps (all without it). */
  limit?: number;
  /** The app's client tools (ids): their answers become toolFakes, mocked ones too (from-conversation.ts). */
  clientTools?: ReadonlySet<string>;
}

export interface ImportReport {
  written: string[];
  /** Conversations whose inputs an earlier one already had. */
  duplicates: number;
  /** Files already there, left as they were. */
  kept: string[];
  filteredOut: number;
  /** Older conversations past `limit`, left out. */
  pastLimit: number;
  skipped: Array<{ conversation: string; reason: string }>;
}

interface Candidate {
  conversation: Conversation;
  recording: Recording;
  inputs: TurnInput[][];
  sources: string[];
}

export async function importConversations(
  conversations: readonly Conversation[],
  opts: ImportOptions,
): Promise<ImportReport> {
  const report: ImportReport = { written: [], duplicates: 0, kept: [], filteredOut: 0, pastLimit: 0, skipped: [] };
  const unique = new Map<string, Candidate>();
  for (const { conversation, imported } of selected(conversations, opts, report)) {
    const source = opts.redactor.text(conversation.name ?? '(unnamed)');
    if ('problem' in imported) {
      report.skipped.push({ conversation: source, reason: imported.problem });
      continue;
    }
    // Masked before anything else looks at it: names, inputs, results and tool answers alike.
    const recording = opts.redactor.model(imported.recording);
    const key = inputKey(recording);
    const earlier = unique.get(key);
    if (earlier) {
      earlier.sources.push(source);
      report.duplicates++;
    } else
      unique.set(key, { conversation, recording, inputs: opts.redactor.model(imported.inputs), sources: [source] });
  }
  for (const candidate of unique.values()) await writeCandidate(candidate, opts, report);
  return report;
}

/**
 * Oldest first (the first of equal inputs is the one written): those filterText keeps, then the
 * `limit` most recent of them. One that cannot be imported is kept, to be reported with why: the
 * filter cannot read it.
 */
function selected(
  conversations: readonly Conversation[],
  opts: ImportOptions,
  report: ImportReport,
): Array<{ conversation: Conversation; imported: ImportedRecording }> {
  const kept = [...conversations]
    .sort((a, b) => startMs(a) - startMs(b))
    .map((conversation) => ({
      conversation,
      imported: recordingOfConversation(conversation, nameOf(conversation), opts.clientTools),
    }))
    .filter(({ imported }) => {
      const out =
        opts.filterText !== undefined && 'recording' in imported && !mentions(imported.recording, opts.filterText);
      if (out) report.filteredOut++;
      return !out;
    });
  report.pastLimit = opts.limit === undefined ? 0 : Math.max(0, kept.length - opts.limit);
  return kept.slice(report.pastLimit);
}

async function writeCandidate(c: Candidate, opts: ImportOptions, report: ImportReport): Promise<void> {
  const id = shortName(c.sources[0]!);
  const file = path.join(opts.outDir, `${slug(id)}.yaml`);
  const shown = path.relative(opts.cwd, file).split(path.sep).join('/');
  if (existsSync(file)) {
    report.kept.push(shown);
    return;
  }
  const goldens = opts.as === 'goldens';
  const native = recordedNative(c.recording, opts.match, { cwd: opts.cwd, outDir: opts.outDir }, !goldens);
  const conversation = goldens ? { ...native, golden: true } : native;
  await writeRecorded(file, [{ conversation, comment: [] }], { header: headerOf(c, opts) });
  if (goldens) {
    const golden = opts.redactor.data(
      withoutUnrecorded(
        goldenTranscript({
          name: c.recording.name,
          file: shown,
          turns: c.recording.turns.map((t, i) => ({ inputs: c.inputs[i] ?? [], result: t.result })),
        }),
      ),
    );
    const at = goldenPath(path.resolve(opts.cwd, opts.goldensDir), shown, c.recording.name);
    const header = `# Golden transcript imported by \`cxas-eval import conversations\` from ${c.sources[0]}.\n`;
    await writeGolden(at, golden, header, opts.roots ?? [opts.cwd]);
  }
  report.written.push(shown);
}

/**
 * A conversation record holds the messages of each turn, not the outputs that carry the end of the
 * session and citations: the golden leaves them out, and a comparison skips what it leaves out.
 */
function withoutUnrecorded(golden: GoldenTranscript): GoldenTranscript {
  return {
    ...golden,
    turns: golden.turns.map(({ sessionEnded: _s, endSessionMetadata: _m, citations: _c, ...turn }) => turn),
  };
}

function headerOf(c: Candidate, opts: ImportOptions): string[] {
  const started = startMs(c.conversation);
  const turns = c.recording.turns.length;
  const others = c.sources.slice(1);
  return [
    `Imported by \`cxas-eval import conversations\` from ${c.sources[0]}`,
    `(started ${started ? new Date(started).toISOString() : 'at an unknown time'}, ` +
      `${turns} turn${turns === 1 ? '' : 's'}${c.conversation.source ? `, source ${c.conversation.source}` : ''}).`,
    ...(others.length ? [`The same inputs also in ${others.length} more: ${listed(others)}`] : []),
    ...((c.conversation.inputTypes ?? []).includes('INPUT_TYPE_VARIABLES') && !holdsVariables(c.recording)
      ? ['The caller sent session variables, which a conversation record does not hold: add them under `variables:`.']
      : []),
    opts.as === 'goldens'
      ? 'Each run compares with its golden transcript (golden: true); the golden holds what the agent did ' +
        '(not the session end nor citations, which a conversation record does not hold).'
      : `Expectations generated from what the agent did (# generated, match: ${opts.match}): review them.`,
  ];
}

const holdsVariables = (r: Recording): boolean =>
  r.variables !== undefined || r.turns.some((t) => t.variables !== undefined || t.input.kind === 'variables');

const listed = (names: string[]): string => `${names.slice(0, 5).join(', ')}${names.length > 5 ? ', …' : ''}`;

/** The inputs a conversation sent, tool answers included: conversations equal on it are written once. */
function inputKey(r: Recording): string {
  return canonicalJson({
    turns: r.turns.map((t) => ({ input: t.input, ...(t.variables ? { variables: t.variables } : {}) })),
    answers: r.toolAnswers.map((a) => ({ tool: a.call.name, args: a.call.args, response: a.response })),
  } as unknown as JsonValue);
}

function mentions(r: Recording, text: string): boolean {
  const needle = text.toLowerCase();
  return r.turns.some(
    (t) =>
      t.result.text.toLowerCase().includes(needle) ||
      (t.input.kind === 'text' && t.input.text.toLowerCase().includes(needle)),
  );
}

/** `imported <conversation id>`: one conversation a file, named after where it came from. */
function nameOf(c: Conversation): string {
  const id = shortName(c.name ?? '');
  return `imported ${id}`;
}

function startMs(c: Conversation): number {
  const seconds = Number(c.startTime?.seconds ?? 0);
  return seconds * 1000 + Math.floor((c.startTime?.nanos ?? 0) / 1e6);
}
