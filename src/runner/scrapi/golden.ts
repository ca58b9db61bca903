// cxas-scrapi golden dataset files (`conversations:`) → ConversationSpecs (docs/scrapi-compatibility.md).
import type { JsonObject } from '../../model/json.js';
import type { ConversationSpec, Expectation, TurnSpec } from '../../model/spec.js';
import { mappedConversation, someVariables, traced, type Path, type ScrapiContext } from './context.js';
import { judge } from './expectations.js';
import type { Conversation, GoldenDocument, Tags, Turn } from './golden-document.generated.js';
import {
  AGENT_TEXT_NOTE,
  agentTextExpectation,
  orderExpectation,
  toolCallExpectations,
  transferExpectation,
} from './golden-expect.js';
import { userTextInput } from './inputs.js';

export function goldenConversations(ctx: ScrapiContext, doc: GoldenDocument): ConversationSpec[] {
  const common = doc.common_session_parameters ?? {};
  const commonExpectations = doc.common_expectations ?? [];
  return doc.conversations.map((c, i) => toConversation(ctx, c, ['conversations', i], i, common, commonExpectations));
}

function toConversation(
  ctx: ScrapiContext,
  c: Conversation,
  at: Path,
  index: number,
  common: JsonObject,
  commonExpectations: string[],
): ConversationSpec {
  const variables = { ...common, ...c.session_parameters };
  const expect = [
    ...commonExpectations.map((p, i) =>
      traced(ctx, judge(p, ctx.source.at(['common_expectations', i])), ['common_expectations', i]),
    ),
    ...(c.expectations ?? []).map((p, i) =>
      traced(ctx, judge(p, ctx.source.at([...at, 'expectations', i])), [...at, 'expectations', i]),
    ),
  ];
  if (c.mocks !== undefined)
    ctx.notes.push({
      conversation: index,
      text: 'mocks were dropped: cxas-scrapi does not import them either (use toolFakes for client-side tools).',
    });
  return mappedConversation(ctx, at, [...at, 'conversation'], {
    name: c.conversation,
    tags: tagsOf(c.tags),
    repeat: 1,
    ...someVariables(variables),
    modality: 'text',
    toolFakes: [],
    turns: c.turns.map((t, i) => toTurn(ctx, t, [...at, 'turns', i], index, i)),
    expect,
    format: 'scrapi-golden',
  });
}

/** A list, or a comma-separated string (cxas-scrapi accepts both). */
export function tagsOf(raw: Tags | undefined): string[] {
  return typeof raw === 'string'
    ? raw
        .split(',')
        .map((t) => t.trim())
        .filter(Boolean)
    : (raw ?? []);
}

function toTurn(ctx: ScrapiContext, t: Turn, at: Path, conversation: number, index: number): TurnSpec {
  const loc = ctx.source.at(at);
  const expect = [...agentText(ctx, t, at, conversation, index), ...toolCalls(ctx, t, at, conversation, index)];
  return traced(ctx, { input: inputOf(ctx, t, at, conversation, index), expect, loc }, at);
}

/** `user_event` or `event` (the docs' spelling), else `user` (`<event>NAME</event>` is an event), else welcome. */
function inputOf(ctx: ScrapiContext, t: Turn, at: Path, conversation: number, turn: number): TurnSpec['input'] {
  const event = t.user_event ?? t.event;
  if (t.user_event !== undefined && t.event !== undefined)
    ctx.errors.push(
      ctx.source.error('TWO_INPUTS', [...at, 'event'], 'a golden turn has one event: user_event or event, not both', {
        key: true,
      }),
    );
  if (event !== undefined) {
    if (typeof t.user === 'string')
      ctx.errors.push(
        ctx.source.error('TWO_INPUTS', [...at, 'user'], 'a golden turn has one input: user or an event, not both', {
          key: true,
        }),
      );
    return { kind: 'event', event };
  }
  if (typeof t.user === 'string') return userTextInput(t.user);
  ctx.notes.push({ conversation, turn, text: 'user: null is the welcome event in cxas-scrapi.' });
  return { kind: 'event', event: 'welcome' };
}

/** `agent` (a string or a list; "# silent" and nulls skipped) → one judge: does the turn's text mean the same? */
function agentText(ctx: ScrapiContext, t: Turn, at: Path, conversation: number, turn: number): Expectation[] {
  const said = [t.agent].flat().filter((s): s is string => typeof s === 'string' && !s.includes('# silent'));
  if (said.length === 0) return [];
  ctx.notes.push({ conversation, turn, text: AGENT_TEXT_NOTE });
  return [agentTextExpectation(ctx, said, [...at, 'agent'])];
}

function toolCalls(ctx: ScrapiContext, t: Turn, at: Path, conversation: number, turn: number): Expectation[] {
  const tools: string[] = [];
  const expect = (t.tool_calls ?? []).flatMap((call, i) => {
    const callAt = [...at, 'tool_calls', i];
    const argsKey = call.args !== undefined ? 'args' : 'arguments';
    if (call.args !== undefined && call.arguments !== undefined)
      ctx.errors.push(
        ctx.source.error('BAD_VALUE', [...callAt, 'arguments'], 'a tool call has args or arguments, not both', {
          key: true,
        }),
      );
    const args = call[argsKey] ?? {};
    const { action } = call;
    if (action === 'transfer_to_agent') {
      const to = args['agent'] ?? call.agent;
      if (typeof to === 'string' && to) return [transferExpectation(ctx, to, callAt)];
      ctx.errors.push(ctx.source.error('MISSING_KEY', callAt, 'transfer_to_agent needs args.agent or agent'));
      return [];
    }
    if (call.agent !== undefined)
      ctx.notes.push({
        conversation,
        turn,
        text: `tool_calls[${i}].agent (${call.agent}) is not checked for ${action}.`,
      });
    tools.push(action);
    const { output } = call;
    return toolCallExpectations(ctx, {
      tool: action,
      args,
      argsAt: [...callAt, argsKey],
      at: callAt,
      ...(output !== undefined ? { output, outputAt: [...callAt, 'output'] } : {}),
    });
  });
  return [...expect, ...orderExpectation(ctx, tools, [...at, 'tool_calls'])];
}
