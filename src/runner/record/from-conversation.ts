// A conversation as AgentService.GetConversation returns it → a Recording (conversation.ts): the
// user's inputs as turns, each turn's result read from its messages with the client's normalizeTurn
// (the same reading as a live turn), client tool responses folded into the turn that asked for
// them and kept as the answers a run's toolFakes give. What a conversation record cannot say (an
// image, speech that was not recognised) makes the conversation unimportable, with the reason.
import type { Conversation, SessionOutput } from '../../client/index.js';
import { normalizeTurn, toToolResponse } from '../../client/index.js';
import { unrecognizedSpeechKey } from '../../model/speech-key.js';
import type { JsonObject } from '../../model/json.js';
import type { TurnInputSpec } from '../../model/spec.js';
import type { ToolCall, TurnInput } from '../../model/turn.js';
import type { Recording, RecordedTurn, ToolAnswer } from './conversation.js';

type ConversationTurn = NonNullable<Conversation['turns']>[number];
type Answer = { id: string; response: ToolAnswer['response']; turn: number; round: number };

export type ImportedRecording = { recording: Recording; inputs: TurnInput[][] } | { problem: string };

/** How the emulator records an event in the user message (src/emulator/inputs.ts). */
const EVENT = /^\[event: (.+)\]$/;
/** DTMF is recorded as text: digits (with * and #) ending in `#` are read back as DTMF. */
const DTMF = /^[0-9*#]*#$/;

interface Group {
  input: TurnInputSpec;
  variables?: JsonObject;
  turns: ConversationTurn[];
}

/**
 * `clientTools`: the ids of the app's client tools (AgentService.ListTools). A client tool's answer
 * is usually the user's (the client sent it); one mocked by the platform (an evaluation's
 * mock_tool_response) is in the agent's message, and is kept as a toolFakes answer all the same: a
 * run of the imported spec must answer that call itself.
 */
export function recordingOfConversation(
  conversation: Conversation,
  name: string,
  clientTools: ReadonlySet<string> = new Set(),
): ImportedRecording {
  const groups: Group[] = [];
  const answers: Answer[] = [];
  for (const [i, turn] of (conversation.turns ?? []).entries()) {
    const user = userInput(turn, i + 1);
    if ('problem' in user) return user;
    if (user.kind === 'toolResponses') {
      const previous = groups.at(-1);
      if (!previous) return { problem: `turn 1 answers a tool call no turn made` };
      previous.turns.push(turn);
      const at = { turn: groups.length - 1, round: i };
      answers.push(...user.responses.map((r) => ({ id: r.id, response: r.response, ...at })));
    } else groups.push({ input: user.input, ...(user.variables ? { variables: user.variables } : {}), turns: [turn] });
    const at = { turn: groups.length - 1, round: i };
    answers.push(...mockedClientAnswers(turn, clientTools).map((r) => ({ ...r, ...at })));
  }
  if (groups.length === 0) return { problem: 'it has no turn with a user input' };
  // The first turn's variables are the session's (`variables:` of the conversation), later ones the turn's.
  const [first] = groups;
  const sessionVariables = first!.input.kind !== 'variables' ? first!.variables : undefined;
  if (sessionVariables) delete first!.variables;
  const turns: RecordedTurn[] = groups.map((g) => ({
    input: g.input,
    ...(g.variables ? { variables: g.variables } : {}),
    result: turnResult(g.turns),
  }));
  const calls = new Map<string, ToolCall>();
  for (const t of turns) for (const c of t.result.toolCalls) calls.set(c.id, c);
  const toolAnswers = answers.flatMap(({ id, response }) => {
    const call = calls.get(id);
    return call ? [{ call, response }] : [];
  });
  const inputs = groups.map((g, i) => [
    ...(g.variables ? [{ kind: 'variables' as const, variables: g.variables }] : []),
    inputSummary(g.input),
    ...roundsOf(answers, calls, i),
  ]);
  const recording = { name, turns, toolAnswers, ...(sessionVariables ? { variables: sessionVariables } : {}) };
  return { recording, inputs };
}

/** Answers to client tools in the agent's messages: the platform mocked those calls. */
function mockedClientAnswers(turn: ConversationTurn, clientTools: ReadonlySet<string>) {
  if (clientTools.size === 0) return [];
  return (turn.messages ?? [])
    .filter((m) => m.role !== 'user')
    .flatMap((m) => m.chunks ?? [])
    .flatMap((c) => (c.toolResponse ? [toToolResponse(c.toolResponse)] : []))
    .filter((r) => clientTools.has(r.name))
    .map((r) => ({ id: r.id, response: r.response }));
}

type UserInput =
  | { kind: 'input'; input: TurnInputSpec; variables?: JsonObject }
  | { kind: 'toolResponses'; responses: Array<{ id: string; name: string; response: ToolAnswer['response'] }> }
  | { problem: string };

/** The user message of a stored turn → what the user sent. */
function userInput(turn: ConversationTurn, n: number): UserInput {
  const chunks = (turn.messages ?? []).filter((m) => m.role === 'user').flatMap((m) => m.chunks ?? []);
  const responses = chunks.flatMap((c) => (c.toolResponse ? [toToolResponse(c.toolResponse)] : []));
  if (responses.length && responses.length === chunks.length)
    return {
      kind: 'toolResponses',
      responses: responses.map((r) => ({ id: r.id, name: r.name, response: r.response })),
    };
  if (chunks.some((c) => c.blob || c.image))
    return { problem: `turn ${n} sent a file (blob or image), which is not imported` };
  const texts = chunks.flatMap((c) => (c.text ?? c.transcript ?? '').trim() || []);
  if (texts.some((t) => unrecognizedSpeechKey(t) !== undefined))
    return { problem: `turn ${n} is speech the emulator did not recognise` };
  const text = texts.join(' ');
  const set = chunks.filter((c) => c.defaultVariables).map((c) => c.defaultVariables!);
  const variables = set.length ? (Object.assign({}, ...set) as JsonObject) : undefined;
  if (text === '') {
    if (variables) return { kind: 'input', input: { kind: 'variables', variables } };
    return { problem: `turn ${n} has no user input in the record` };
  }
  const withVariables = variables ? { variables } : {};
  const event = EVENT.exec(text)?.[1];
  if (event !== undefined) return { kind: 'input', input: { kind: 'event', event }, ...withVariables };
  if (DTMF.test(text)) return { kind: 'input', input: { kind: 'dtmf', digits: text }, ...withVariables };
  return { kind: 'input', input: { kind: 'text', text }, ...withVariables };
}

/**
 * The stored turns of one conversation turn (the first request and its tool-response rounds) read
 * as a live turn is: each agent text as an output, then the turn's record as its diagnosticInfo.
 */
function turnResult(turns: ConversationTurn[]): RecordedTurn['result'] {
  const outputs: SessionOutput[] = turns.flatMap((turn, i) => [
    ...(turn.messages ?? [])
      .filter((m) => m.role !== 'user')
      .flatMap((m) => (m.chunks ?? []).flatMap((c) => (c.text !== undefined ? [{ text: c.text }] : []))),
    { turnIndex: i + 1, turnCompleted: true, diagnosticInfo: { messages: turn.messages ?? [] } },
  ]);
  return normalizeTurn(outputs, { inputs: [], latency: { totalMs: 0 } });
}

/** As a run reports a turn's inputs (src/runner/run/inputs.ts): the input, then each round of tool responses. */
function inputSummary(input: TurnInputSpec): TurnInput {
  switch (input.kind) {
    case 'event':
      return { kind: 'event', event: input.event };
    case 'dtmf':
      return { kind: 'dtmf', digits: input.digits };
    case 'variables':
      return { kind: 'variables', variables: input.variables };
    default:
      return { kind: 'text', text: input.kind === 'text' ? input.text : '' };
  }
}

/** One `toolResponses` input per round of answers, as the runner adds them to a turn. */
function roundsOf(answers: readonly Answer[], calls: ReadonlyMap<string, ToolCall>, turn: number): TurnInput[] {
  const rounds = new Map<number, Answer[]>();
  for (const a of answers) if (a.turn === turn) rounds.set(a.round, [...(rounds.get(a.round) ?? []), a]);
  return [...rounds.values()].map((round) => ({
    kind: 'toolResponses',
    responses: round.map((a) => ({ id: a.id, name: calls.get(a.id)?.name ?? '', response: a.response })),
  }));
}
