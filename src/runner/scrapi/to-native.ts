// ConversationSpec → the native YAML shape (the inverse of src/runner/load), for `convert`.
import * as path from 'node:path';
import type { JsonObject, JsonValue } from '../../model/json.js';
import type {
  ConversationSpec,
  Expectation,
  HistorySpec,
  MatchStyle,
  SimulationSpec,
  ToolFakeReply,
  ToolFakeSpec,
  TurnInputSpec,
  TurnSpec,
} from '../../model/spec.js';
import { bareObjectOf, shorthandOf, type Reading } from '../../model/expectation-options.js';

/** Paths in the model are relative to cwd; in the written file they are relative to it. */
export interface PathRebase {
  cwd: string;
  outDir: string;
}

const rebase = (file: string, r: PathRebase): string =>
  path.relative(r.outDir, path.resolve(r.cwd, file)).split(path.sep).join('/');

/**
 * One native list per list of replies: a fake from `defaults:` is shared by every conversation,
 * and its replies stay one YAML node (written once, then aliased). One map per converted file.
 */
export type SharedReplies = WeakMap<ToolFakeReply[], JsonObject[]>;

/**
 * Every setting is written on the conversation itself: the loaded spec has the file's `defaults:`
 * merged in, so a default (`match: strict`, tool fakes) is repeated on each conversation it applied to.
 * `strictlyRead` is the same conversation loaded as if the config said `match: strict`; without a
 * `match:` of its own, a turn's `text:` was a shorthand exactly when the two loads read it differently.
 */
export function conversationToNative(
  c: ConversationSpec,
  r: PathRebase,
  shared: SharedReplies,
  strictlyRead: ConversationSpec = c,
): JsonObject {
  const match = c.match;
  return compact({
    name: c.name,
    tags: c.tags.length ? c.tags : undefined,
    // A simulation's default repeat is 3, a scripted one's 1: write what differs from the default.
    repeat: c.repeat !== (c.simulation ? 3 : 1) ? c.repeat : undefined,
    passRate: c.passRate,
    golden: c.golden,
    timeoutMs: c.timeoutMs,
    history: c.history ? historyToNative(c.history) : undefined,
    variables: c.variables,
    useToolFakes: c.useToolFakes,
    deploymentId: c.deploymentId,
    entryAgent: c.entryAgent,
    timeZone: c.timeZone,
    modality: c.modality !== 'text' ? c.modality : undefined,
    pacing: c.pacing,
    toolFakes: c.toolFakes.length ? c.toolFakes.map((f) => toolFakeToNative(f, shared)) : undefined,
    skip: c.skip,
    match,
    turns: c.simulation
      ? undefined
      : c.turns.map((t, i) => turnToNative(t, strictlyRead.turns[i] ?? t, r, c.format, match)),
    simulation: c.simulation ? simulationToNative(c.simulation) : undefined,
    expect: c.expect.length
      ? c.expect.map((e, i) =>
          expectationToNative(e, strictlyRead.expect[i] ?? e, r, c.format, { match, scope: 'conversation' }),
        )
      : undefined,
  });
}

function simulationToNative(s: SimulationSpec): JsonObject {
  return compact({
    start: s.start,
    persona: s.persona,
    responseGuide: s.responseGuide,
    goals: s.goals.map(({ loc: _loc, ...g }) => compact({ ...g })),
    maxTurns: s.maxTurns,
    userModel: s.userModel,
  });
}

/** Keys stay in the order they were written in (a `sequence` key keeps its place). */
function toolFakeToNative({ loc: _loc, ...fake }: ToolFakeSpec, shared: SharedReplies): JsonObject {
  return compact({ ...fake, sequence: fake.sequence && repliesToNative(fake.sequence, shared) });
}

function repliesToNative(replies: ToolFakeReply[], shared: SharedReplies): JsonObject[] {
  const known = shared.get(replies);
  if (known) return known;
  const native = replies.map((reply) => compact({ ...reply }));
  shared.set(replies, native);
  return native;
}

function historyToNative(h: HistorySpec): JsonValue {
  return 'entries' in h ? h.entries.map((e) => compact({ ...e })) : compact({ ...h });
}

function turnToNative(
  t: TurnSpec,
  strictlyRead: TurnSpec,
  r: PathRebase,
  format: ConversationSpec['format'],
  match: MatchStyle | undefined,
): JsonObject {
  return compact({
    ...inputToNative(t.input, r),
    ...(t.input.kind !== 'variables' && t.variables ? { variables: t.variables } : {}),
    label: t.label,
    timeoutMs: t.timeoutMs,
    expect: t.expect.length
      ? t.expect.map((e, i) => expectationToNative(e, strictlyRead.expect[i] ?? e, r, format, { match, scope: 'turn' }))
      : undefined,
  });
}

function inputToNative(input: TurnInputSpec, r: PathRebase): JsonObject {
  switch (input.kind) {
    case 'text':
      return { user: input.text };
    case 'event':
      return { event: input.event };
    case 'dtmf':
      return { dtmf: input.digits };
    case 'variables':
      return { variables: input.variables };
    case 'toolResponses':
      return { toolResponses: input.responses.map(({ loc: _loc, ...response }) => compact(response)) };
    case 'audio':
      return { audio: input.file !== undefined ? { file: rebase(input.file, r) } : { say: input.say ?? '' } };
    case 'blob':
    case 'image':
      return {
        [input.kind]: compact({
          file: input.file !== undefined ? rebase(input.file, r) : undefined,
          data: input.data,
          mimeType: input.mimeType,
        }),
      };
  }
}

/** How a shorthand will be read: by the conversation's `match:` when it has one. */
interface WrittenReading {
  match: MatchStyle | undefined;
  scope: Reading['scope'];
}

/**
 * Options written back as the file's own format had them: a native spec (or a recording) with its
 * string shorthands (`toolCall: lookup`, `text: Hello`), a cxas-scrapi conversion with the bare
 * variables its converters read (the long forms otherwise, as loaded).
 */
function expectationToNative(
  e: Expectation,
  strictlyRead: Expectation,
  r: PathRebase,
  format: ConversationSpec['format'],
  reading: WrittenReading,
): JsonObject {
  const written: JsonValue =
    e.matcher === 'custom'
      ? { ...e.options, module: rebase(e.options.module, r) }
      : ((format === 'native' ? fixedShorthandOf(e, strictlyRead, reading) : bareObjectOf(e)) ?? e.options);
  const matcher = { [e.matcher]: written };
  return e.negated ? { not: matcher } : matcher;
}

/**
 * A shorthand that reads back as `e`. Without a `match:` in the file the run's config decides how a
 * turn's `text:` string reads (`contains` or `equals`): then the shorthand is written only where the
 * source had one, i.e. where the lenient and the strict load (`strictlyRead`) both read it back.
 */
function fixedShorthandOf(
  e: Expectation,
  strictlyRead: Expectation,
  { match, scope }: WrittenReading,
): string | undefined {
  if (match) return shorthandOf(e, { match, scope });
  const lenient = shorthandOf(e, { match: 'lenient', scope });
  return lenient === shorthandOf(strictlyRead, { match: 'strict', scope }) ? lenient : undefined;
}

function compact(o: Record<string, JsonValue | undefined>): JsonObject {
  return Object.fromEntries(Object.entries(o).filter((e): e is [string, JsonValue] => e[1] !== undefined));
}
