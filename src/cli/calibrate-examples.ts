// `judge calibrate`: each label → the criterion text and the transcript the judge will read. Stored
// runs are resolved once each with resolveRunArgument (a path relative to the labels file, else a
// path or history reference from the working directory); spec expectations are read with the
// spec loader, the spec found the same way (beside the labels file, else from the working
// directory). Every problem is one line naming the label's file:line:col; none stops the others.
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import { inlineTranscript, renderTranscript, type Label, type TranscriptTurn } from '../judge/index.js';
import { formatLocation } from '../model/location.js';
import type { ConversationResult } from '../model/result.js';
import type { ConversationSpec, ExpectationOf } from '../model/spec.js';
import { loadSpecs } from '../runner/index.js';
import { resolveRunArgument, type ResolvedRun } from '../library/index.js';

export interface CalibrationExample {
  label: Label;
  /** `file:line:col` of the label. */
  where: string;
  criterion: string;
  turns: TranscriptTurn[];
  uptoTurn?: number;
  /** How to name the transcript to a person. */
  transcript: string;
  /** The rendered transcript the judge reads: equal text, equal transcript. */
  transcriptKey: string;
  /** Runs of one repeated conversation share a group (stability separates agent from judge variance). */
  group?: string;
  /** A spec expectation's own `samples:` (a run asks it that many times); absent: the judge's. */
  samples?: number;
}

export interface ResolvedExamples {
  examples: CalibrationExample[];
  problems: string[];
}

/** `historyDir`: where `@latest` and run ids are looked up (the config's history, `-c` included). */
export async function resolveExamples(
  labels: readonly Label[],
  cwd: string,
  historyDir: string,
): Promise<ResolvedExamples> {
  const runs = runResolver(cwd, historyDir);
  const specs = new Map<string, Promise<ConversationSpec[] | string>>();
  const settled = await Promise.all(
    labels.map(async (label) => {
      try {
        return { example: await resolveOne(label, cwd, runs, specs) };
      } catch (err) {
        return { problem: `${formatLocation(label.loc)}: ${(err as Error).message}` };
      }
    }),
  );
  return {
    examples: settled.flatMap((s) => (s.example ? [s.example] : [])),
    problems: settled.flatMap((s) => (s.problem ? [s.problem] : [])),
  };
}

async function resolveOne(
  label: Label,
  cwd: string,
  runs: RunResolver,
  specs: Map<string, Promise<ConversationSpec[] | string>>,
): Promise<CalibrationExample> {
  const { criterion, samples } =
    label.criterion !== undefined ? { criterion: label.criterion } : await expectationCriterion(label, specs, cwd);
  const where = formatLocation(label.loc);
  const sampled = samples !== undefined ? { samples } : {};
  const t = label.transcript;
  const at = t.turn ? ` (turn ${t.turn})` : '';
  if (t.kind === 'inline') {
    const turns = upTo(inlineTranscript(t.turns), t.turn);
    return {
      label,
      where,
      criterion,
      turns,
      ...scope(t.turn, turns),
      transcript: `inline transcript at ${where}${at}`,
      ...sampled,
    };
  }
  const run = await runs(t.run, label);
  const conversation = conversationIn(run, t.conversation);
  const all: TranscriptTurn[] = conversation.turns.map((r) => ({
    inputs: r.inputs,
    ...(r.result ? { result: r.result } : {}),
  }));
  if (t.turn !== undefined && t.turn > all.length)
    throw new Error(`transcript.turn ${t.turn}: "${t.conversation}" has ${all.length} turn(s) in ${run.label}`);
  const turns = upTo(all, t.turn);
  const repeated = conversation.repeat > 1;
  const runName = repeated ? ` [#${conversation.runIndex + 1}]` : '';
  return {
    label,
    where,
    criterion,
    turns,
    ...scope(t.turn, turns),
    transcript: `${run.label} › ${conversation.name}${runName}${at}`,
    ...(repeated ? { group: `${run.label} › ${conversation.name}` } : {}),
    ...sampled,
  };
}

const upTo = (turns: TranscriptTurn[], turn: number | undefined): TranscriptTurn[] =>
  turn ? turns.slice(0, turn) : turns;

/** The judged turn, if any, and the transcript's identity (equal rendered text, equal transcript). */
function scope(turn: number | undefined, turns: readonly TranscriptTurn[]) {
  return { ...(turn ? { uptoTurn: turn } : {}), transcriptKey: renderTranscript(turns) };
}

/** A label's stored run: each one resolved once, however many labels name it. */
type RunResolver = (ref: string, label: Label) => Promise<ResolvedRun>;

function runResolver(cwd: string, historyDir: string): RunResolver {
  const runs = new Map<string, Promise<ResolvedRun>>();
  return (ref, label) => {
    const beside = path.resolve(cwd, path.dirname(label.file), ref);
    const arg = !ref.startsWith('@') && existsSync(beside) ? path.relative(cwd, beside) || '.' : ref;
    let run = runs.get(arg);
    if (!run) {
      run = resolveRunArgument(arg, { cwd, historyDir });
      runs.set(arg, run);
    }
    return run;
  };
}

/** By id (`specId#runIndex`), by name when it names one run, or `name [#n]` / `[run n]` / `[repeat n]`. */
function conversationIn(run: ResolvedRun, name: string): ConversationResult {
  const all = run.result.conversations;
  const byId = all.find((c) => c.id === name);
  if (byId) return byId;
  const numbered = /^(.*?)\s*\[(?:#|run |repeat )(\d+)\]$/.exec(name);
  if (numbered) {
    const found = all.find((c) => c.name === numbered[1] && c.runIndex === Number(numbered[2]) - 1);
    if (found) return found;
  }
  const named = all.filter((c) => c.name === name);
  if (named.length === 1) return named[0]!;
  if (named.length > 1)
    throw new Error(
      `transcript.conversation "${name}" ran ${named.length} times in ${run.label}: add [#1]..[#${named.length}]`,
    );
  throw new Error(`transcript.conversation: no conversation "${name}" in ${run.label}`);
}

/**
 * The text (and own `samples:`, if any) of the index-th (1-based) judge expectation of a spec
 * conversation: turns in order, then its own.
 */
async function expectationCriterion(
  label: Label,
  specs: Map<string, Promise<ConversationSpec[] | string>>,
  cwd: string,
): Promise<{ criterion: string; samples?: number }> {
  const ref = label.expectation!;
  // As a label's `run:`: beside the labels file when it is there, else from the working directory
  // (where a spec's path in a report, and so an exported label's, starts).
  const beside = path.resolve(cwd, path.dirname(label.file), ref.spec);
  const file = existsSync(beside) ? beside : path.resolve(cwd, ref.spec);
  let loaded = specs.get(file);
  if (!loaded) {
    loaded = loadSpecs([file], { cwd }).then((r) =>
      r.errors.length ? `expectation.spec: ${r.errors[0]!.message}` : r.files.flatMap((f) => f.conversations),
    );
    specs.set(file, loaded);
  }
  const conversations = await loaded;
  if (typeof conversations === 'string') throw new Error(conversations);
  const conversation = conversations.find((c) => c.name === ref.conversation);
  if (!conversation) throw new Error(`expectation.conversation: no conversation "${ref.conversation}" in ${ref.spec}`);
  const judged = [...conversation.turns.flatMap((t) => t.expect), ...conversation.expect].filter(
    (e): e is ExpectationOf<'judge'> => e.matcher === 'judge',
  );
  const expectation = judged[ref.index - 1];
  if (!expectation)
    throw new Error(`expectation.index ${ref.index}: "${ref.conversation}" has ${judged.length} judge expectation(s)`);
  const { prompt, samples } = expectation.options;
  return { criterion: prompt, ...(samples !== undefined ? { samples } : {}) };
}
