// cxas-scrapi golden dataset files → ConversationSpecs (SCRAPI-NOTES §3.2).
import type { JsonObject } from '../../model/json.js';
import type { ConversationSpec, Expectation, TurnSpec } from '../../model/spec.js';
import { formatPath } from '../../validation/index.js';
import { namePaths } from '../load/duplicates.js';
import type { Path, Raw, ScrapiContext } from './context.js';
import { judge } from './expectations.js';
import { mapGoldenArgs } from './match-type.js';
import { regexProblem } from '../load/regex.js';

/**
 * The platform scores agent text semantically; we compare characters (text.similar). 0.6 keeps
 * paraphrases that share most wording and rejects unrelated answers; raise it for stricter checks.
 */
export const GOLDEN_TEXT_THRESHOLD = 0.6;

export function goldenConversations(ctx: ScrapiContext): ConversationSpec[] {
  const value = ctx.source.value as Raw;
  const common = (value['common_session_parameters'] as JsonObject | undefined) ?? {};
  const commonExpectations = (value['common_expectations'] as string[] | undefined) ?? [];
  return (value['conversations'] as Raw[]).map((c, i) => toConversation(ctx, c, ['conversations', i], i, common, commonExpectations));
}

function toConversation(ctx: ScrapiContext, c: Raw, at: Path, index: number, common: JsonObject, commonExpectations: string[]): ConversationSpec {
  const name = c['conversation'] as string;
  const variables = { ...common, ...((c['session_parameters'] as JsonObject | undefined) ?? {}) };
  const tags = typeof c['tags'] === 'string' ? c['tags'].split(',').map((t) => t.trim()).filter(Boolean) : ((c['tags'] as string[] | undefined) ?? []);
  const expect = [
    ...commonExpectations.map((p) => judge(p, ctx.source.at(['common_expectations']))),
    ...((c['expectations'] as string[] | undefined) ?? []).map((p, i) => judge(p, ctx.source.at([...at, 'expectations', i]))),
  ];
  if (c['mocks'] !== undefined) ctx.notes.push({ conversation: index, text: 'mocks were dropped: cxas-scrapi does not import them either (use toolFakes for client-side tools).' });
  const spec: ConversationSpec = {
    id: `${ctx.source.file}#${name}`, name, file: ctx.source.file, loc: ctx.source.at([...at, 'conversation'], true),
    tags, repeat: 1, ...(Object.keys(variables).length ? { variables } : {}), modality: 'text', toolFakes: [],
    turns: (c['turns'] as Raw[]).map((t, i) => toTurn(ctx, t, [...at, 'turns', i], index, i)),
    expect, format: 'scrapi-golden',
  };
  namePaths.set(spec, formatPath([...at, 'conversation']));
  return spec;
}

function toTurn(ctx: ScrapiContext, t: Raw, at: Path, conversation: number, index: number): TurnSpec {
  const loc = ctx.source.at(at);
  const input: TurnSpec['input'] = typeof t['user_event'] === 'string' ? { kind: 'event', event: t['user_event'] }
    : typeof t['user'] === 'string' ? { kind: 'text', text: t['user'] }
    : { kind: 'event', event: 'welcome' };
  if (input.kind === 'event' && t['user_event'] === undefined) ctx.notes.push({ conversation, turn: index, text: 'user: null is the welcome event in cxas-scrapi.' });
  const expect = [...agentText(ctx, t, at, conversation, index), ...toolCalls(ctx, t, at, conversation, index)];
  return { input, expect, loc };
}

/** `agent` (a string or a list; "# silent" and nulls skipped) → one similarity check on the turn text. */
function agentText(ctx: ScrapiContext, t: Raw, at: Path, conversation: number, turn: number): Expectation[] {
  const said = [t['agent']].flat().filter((s): s is string => typeof s === 'string' && !s.includes('# silent'));
  if (said.length === 0) return [];
  ctx.notes.push({ conversation, turn, text: `agent text was compared semantically by the platform; here by character similarity >= ${GOLDEN_TEXT_THRESHOLD}.` });
  return [{ matcher: 'text', options: { similar: said.join(' '), threshold: GOLDEN_TEXT_THRESHOLD }, negated: false, loc: ctx.source.at([...at, 'agent']), origin: 'scrapi: agent' }];
}

function toolCalls(ctx: ScrapiContext, t: Raw, at: Path, conversation: number, turn: number): Expectation[] {
  const calls = (t['tool_calls'] as Raw[] | undefined) ?? [];
  return calls.flatMap((call, i) => {
    const callAt = [...at, 'tool_calls', i];
    const loc = ctx.source.at(callAt);
    const args = ((call['args'] ?? call['arguments']) as JsonObject | undefined) ?? {};
    if (call['action'] === 'transfer_to_agent') {
      const to = (args['agent'] ?? call['agent']) as string | undefined;
      if (typeof to !== 'string' || !to) {
        ctx.errors.push(ctx.source.error('MISSING_KEY', callAt, 'transfer_to_agent needs args.agent or agent'));
        return [];
      }
      return [{ matcher: 'transfer' as const, options: { to, match: 'suffix' }, negated: false, loc, origin: 'scrapi: transfer_to_agent' }];
    }
    const mapped = mapGoldenArgs(args);
    if (call['agent'] !== undefined) ctx.notes.push({ conversation, turn, text: `tool_calls[${i}].agent (${String(call['agent'])}) is not checked for ${String(call['action'])}.` });
    const argsKey = call['args'] !== undefined ? 'args' : 'arguments';
    for (const r of mapped.regexes) {
      const problem = regexProblem(r.pattern);
      if (problem) ctx.errors.push(ctx.source.error('BAD_REGEX', [...callAt, argsKey, ...r.path, 'value'], problem));
    }
    for (const note of mapped.notes) ctx.notes.push({ conversation, turn, text: note });
    const options: JsonObject = { name: call['action'] as string, args: mapped.args, ...(call['output'] !== undefined ? { response: call['output'] as JsonObject } : {}) };
    return [
      { matcher: 'toolCall' as const, options, negated: false, loc, origin: 'scrapi: tool_calls' },
      ...mapped.semantic.map((s) => judge(`tool ${String(call['action'])} argument ${s.key} should mean: ${s.value}`, loc, 'scrapi: $matchType semantic')),
    ];
  });
}
