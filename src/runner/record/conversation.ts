// A recorded session (inputs, what each turn did, how client tools were answered) → a native spec
// conversation: the inputs as turns, expectations from what happened (expectations.ts), the client
// tools' answers as toolFakes, so that running it against the same app replays the session.
import type { JsonObject } from '../../model/json.js';
import { canonicalJson } from '../../model/json.js';
import type { ConversationSpec, MatchStyle, ToolFakeReply, ToolFakeSpec, TurnInputSpec } from '../../model/spec.js';
import type { ToolCall, TurnResult } from '../../model/turn.js';
import { conversationToNative, type PathRebase } from '../scrapi/to-native.js';
import { expectationsOf } from './expectations.js';

export interface RecordedTurn {
  input: TurnInputSpec;
  /** Variables sent with the input, as their own input before it. */
  variables?: JsonObject;
  /** The whole turn, every round of client tool answers included (as the runner sees it). */
  result: TurnResult;
}

/** A client tool call and the response the client sent for it (`{output}` or `{error}`). */
export interface ToolAnswer {
  call: ToolCall;
  response: JsonObject;
}

export interface Recording {
  name: string;
  turns: RecordedTurn[];
  toolAnswers: ToolAnswer[];
  /** Session variables sent with the first turn. */
  variables?: JsonObject;
  useToolFakes?: boolean;
  deploymentId?: string;
  entryAgent?: string;
}

/** The recording in the spec model (file and id are placeholders: the model's, not the loader's). */
function recordedSpec(rec: Recording, match: MatchStyle, withExpectations = true): ConversationSpec {
  return {
    id: `#${rec.name}`,
    name: rec.name,
    file: '',
    tags: [],
    repeat: 1,
    modality: 'text',
    match,
    ...(rec.variables && Object.keys(rec.variables).length ? { variables: rec.variables } : {}),
    ...(rec.useToolFakes ? { useToolFakes: true } : {}),
    ...(rec.deploymentId ? { deploymentId: rec.deploymentId } : {}),
    ...(rec.entryAgent ? { entryAgent: rec.entryAgent } : {}),
    toolFakes: toolFakesOf(rec.toolAnswers),
    turns: rec.turns.map((t) => ({
      input: t.input,
      ...(t.variables && Object.keys(t.variables).length ? { variables: t.variables } : {}),
      expect: withExpectations ? expectationsOf(t.result, match) : [],
    })),
    expect: [],
    format: 'native',
  };
}

/** The native YAML shape, `match:` right after the name; file paths relative to `rebase.outDir`. */
export function recordedNative(
  rec: Recording,
  match: MatchStyle,
  rebase: PathRebase,
  withExpectations = true,
): JsonObject {
  const { name, ...rest } = conversationToNative(recordedSpec(rec, match, withExpectations), rebase, new WeakMap());
  return { name: name!, match, ...rest };
}

/**
 * One fake per tool and argument set (its whole args as `whenArgs`), the most specific first, so a
 * fake never answers a call meant for another; answers that changed between calls become a sequence.
 */
function toolFakesOf(answers: readonly ToolAnswer[]): ToolFakeSpec[] {
  const groups = new Map<string, { call: ToolCall; replies: ToolFakeReply[] }>();
  for (const { call, response } of answers) {
    const key = `${call.name}\u0000${canonicalJson(call.args)}`;
    const group = groups.get(key) ?? { call, replies: [] };
    group.replies.push(replyOf(response));
    groups.set(key, group);
  }
  return [...groups.values()]
    .sort((a, b) => Object.keys(b.call.args).length - Object.keys(a.call.args).length)
    .map(({ call, replies }) => {
      const whenArgs = Object.keys(call.args).length ? { whenArgs: call.args } : {};
      const distinct = new Set(replies.map((r) => canonicalJson(r as JsonObject)));
      if (distinct.size === 1) return { tool: call.name, ...whenArgs, ...replies[0]! };
      return { tool: call.name, ...whenArgs, sequence: replies };
    });
}

/** The platform's convention (docs/protocol.md §5): a result under `output`, a failure under `error`. */
function replyOf(response: JsonObject): ToolFakeReply {
  const error = response['error'];
  if (error !== undefined && (typeof error === 'string' || (typeof error === 'object' && error !== null)))
    return { error: error as string | JsonObject };
  const output = response['output'];
  return { respond: output !== null && typeof output === 'object' && !Array.isArray(output) ? output : response };
}
