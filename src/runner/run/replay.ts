// `run --replay`: a SessionsPort that serves a stored run's agent in-process (README "Replay").
// Each session belongs to one conversation run (the runner names it when it creates the session
// id); each request is answered with the recorded turn of the same position, rebuilt as the wire
// outputs the client normalizes (diagnosticInfo messages, text, client tool calls, citations,
// end of session, the root span) with the recorded latency, so the runner, the client's
// normalization and every check run as they do live. A request the recording cannot answer (a
// conversation it does not have, other inputs, more turns) fails that conversation with an error
// that names the turn and what differed. Audio turns replay their recorded audio too: the
// recognised transcript and the WAVs the recording saved (replay-audio.ts).
import type {
  AudioRunResult,
  Chunk,
  Message,
  RunOptions,
  RunSessionResponse,
  SessionOutput,
} from '../../client/index.js';
import type { ConversationResult, RunResult, TurnRecord } from '../../model/result.js';
import type { Span, TranscriptEntry, TurnInput, TurnResult } from '../../model/turn.js';
import { RunnerError } from './errors.js';
import { recordedAudio, sharedWavs, type SharedWavs } from './replay-audio.js';
import type { SessionOwner, SessionsPort } from './session-port.js';
import { sameJson, type JsonObject } from '../../model/json.js';
import type { TurnSpec } from '../../model/spec.js';
import { Redactor } from '../../model/redact.js';

type WireSpan = NonNullable<NonNullable<SessionOutput['diagnosticInfo']>['rootSpan']>;

interface ReplaySession {
  conversationId: string;
  recorded: ConversationResult | undefined;
  /** Set when the conversation's inputs hash differs from the recording's. */
  changed: boolean;
  /** A turn whose variables differ from the recording's, found when the session is created. */
  variablesDiffer?: string;
  /** Index of the next spec turn to answer. */
  nextTurn: number;
  /** Rounds of the current turn still to serve (client tool calls split a turn in rounds). */
  pendingRounds: SessionOutput[][];
  /** An audio turn's recorded audio, served with its last round. */
  pendingAudio?: AudioRunResult;
  currentTurn: number;
}

export interface ReplayOptions {
  /** The directory the recording's WAV paths are relative to (its report directory; default cwd). */
  audioDir?: string;
  /**
   * The config's `redact:`: the recording holds ids and inputs as it masked them, so a
   * conversation is found, and what it sends compared, masked alike.
   */
  redactor?: Redactor;
}

export class ReplaySessions implements SessionsPort {
  readonly appName: string;
  private readonly recorded = new Map<string, ConversationResult>();
  private readonly sessions = new Map<string, ReplaySession>();
  private counter = 0;
  /** The directory the recording's WAV paths are relative to (its report directory). */
  private readonly audioDir: string;
  private readonly redactor: Redactor;
  /** WAV paths the recording links from more than one conversation (replay-audio.ts). */
  private readonly sharedWavs: SharedWavs;

  constructor(run: RunResult, options: ReplayOptions = {}) {
    this.appName = run.target.app ?? 'replay';
    this.audioDir = options.audioDir ?? process.cwd();
    this.redactor = options.redactor ?? new Redactor();
    for (const c of run.conversations) this.recorded.set(c.id, c);
    this.sharedWavs = sharedWavs(run);
  }

  /** The recorded conversation of this id: as it is, or as `redact:` masked it. */
  private recordingOf(id: string): ConversationResult | undefined {
    return this.redactor.stored(this.recorded, id);
  }

  createSessionId(conversation?: SessionOwner): string {
    this.counter += 1;
    const id = `replay-${this.counter}`;
    const recorded = conversation ? this.recordingOf(conversation.id) : undefined;
    const changed =
      recorded?.inputsHash !== undefined &&
      conversation?.inputsHash !== undefined &&
      recorded.inputsHash !== conversation.inputsHash;
    const variablesDiffer =
      recorded && conversation?.turns ? turnVariablesDiffer(conversation.turns, recorded, this.redactor) : undefined;
    this.sessions.set(id, {
      conversationId: conversation?.id ?? '(unknown conversation)',
      recorded,
      changed,
      ...(variablesDiffer ? { variablesDiffer } : {}),
      nextTurn: 0,
      pendingRounds: [],
      currentTurn: -1,
    });
    return id;
  }

  run(opts: RunOptions): Promise<RunSessionResponse> {
    return this.answer(opts);
  }

  private async answer(opts: RunOptions): Promise<RunSessionResponse> {
    const session = this.sessions.get(opts.sessionId);
    if (!session) throw noAnswer(`session ${opts.sessionId} was not created by the replay`);
    const { recorded } = session;
    if (opts.toolResponses?.length && session.pendingRounds.length > 0) return this.nextRound(session);
    const index = session.nextTurn++;
    const where = `turn ${index + 1} of ${session.conversationId}`;
    if (!recorded) throw noAnswer(`${where}: the recorded run has no such conversation`);
    // Turn variables are not in a request's main input: an edit is said at once, naming its turn.
    if (session.variablesDiffer) throw noAnswer(`${where}: ${session.variablesDiffer}`);
    const turn: TurnRecord | undefined = recorded.turns[index];
    if (!turn?.result) {
      const why = turn
        ? 'it has no reply for this turn (it failed there)'
        : `it has only ${recorded.turns.length} turn(s)`;
      throw noAnswer(`${where}: the recording cannot answer: ${why}`);
    }
    const differs = inputDifference(opts, turn.inputs, this.redactor);
    if (differs) throw noAnswer(`${where}: ${differs}`);
    // Each turn's main input matched so far: what else differs is said at the recording's last turn.
    if (session.changed && index === recorded.turns.length - 1)
      throw noAnswer(
        `${where}: the conversation's inputs differ from the recording ` +
          '(variables, history, session settings, tool fakes, or turns after this one)',
      );
    session.currentTurn = index;
    session.pendingRounds = rounds(turn.result);
    if (opts.modality === 'audio')
      session.pendingAudio = await recordedAudio(turn.result, { dir: this.audioDir, shared: this.sharedWavs }, where);
    else delete session.pendingAudio;
    return this.nextRound(session);
  }

  private nextRound(session: ReplaySession): RunSessionResponse {
    const outputs = session.pendingRounds.shift() ?? [];
    const last = session.pendingRounds.length === 0;
    const result = session.recorded!.turns[session.currentTurn]!.result!;
    // The recorded latency comes back with the last round, so latency checks judge what was measured.
    const latency = last ? result.latency : { totalMs: 0 };
    return {
      outputs,
      calls: [
        {
          inputs: [],
          latencyMs: latency.totalMs,
          ...(latency.firstOutputMs !== undefined ? { firstOutputMs: latency.firstOutputMs } : {}),
          outputCount: outputs.length,
        },
      ],
      ...(last && session.pendingAudio ? { audio: session.pendingAudio } : {}),
    };
  }
}

/** The first recorded turn whose variables differ from the spec's now (turn variables and variables-only inputs). */
function turnVariablesDiffer(
  turns: readonly TurnSpec[],
  recorded: ConversationResult,
  redactor: Redactor,
): string | undefined {
  for (const [i, turn] of recorded.turns.entries()) {
    const spec = turns[i];
    if (!spec) return undefined;
    const now = { ...spec.variables, ...(spec.input.kind === 'variables' ? spec.input.variables : {}) };
    const then = Object.assign({}, ...turn.inputs.flatMap((x) => (x.kind === 'variables' ? [x.variables] : [])));
    if (sameJson(now, then as JsonObject)) continue;
    // Variables are data to `redact:`: keys and values masked alike in the recording.
    if (redactor.active && sameJson(redactor.data(now), then as JsonObject))
      return (
        `turn ${i + 1}'s variables are masked by redact: in the recording, ` +
        'so whether they changed cannot be told: re-run it live'
      );
    return `turn ${i + 1} sends variables ${JSON.stringify(now)}, the recording has ${JSON.stringify(then)}`;
  }
  return undefined;
}

function noAnswer(message: string): RunnerError {
  return new RunnerError('REPLAY_NO_RECORDING', `no recorded answer: ${message}`);
}

/**
 * What the request sends that the recorded turn did not, or undefined when they agree. An input
 * `redact:` masked in the recording is never taken as the same (a PIN edited from 1234 to 5678
 * masks alike): the recorded reply may answer another input.
 */
function inputDifference(opts: RunOptions, recorded: readonly TurnInput[], redactor: Redactor): string | undefined {
  const main = recorded.find((i) => i.kind !== 'variables');
  const sent = sentInput(opts);
  const want = main ? describe(main) : 'nothing but variables';
  if (sent === want) return undefined;
  // Alike once masked: whether the spec still sends what was recorded cannot be told.
  if (redactor.active && sentInput(opts, (t) => redactor.text(t)) === want) return MASKED_INPUT;
  return `sent ${sent}, the recording has ${want}`;
}

const MASKED_INPUT =
  'the recording holds this input masked by redact:, so whether the spec still sends it cannot be told: re-run it live';

function sentInput(opts: RunOptions, mask: (text: string) => string = (t) => t): string {
  if (opts.text !== undefined) return `text "${mask(Array.isArray(opts.text) ? opts.text.join(' ') : opts.text)}"`;
  if (opts.event !== undefined) return `event ${mask(opts.event)}`;
  if (opts.dtmf !== undefined) return `dtmf "${mask(opts.dtmf)}"`;
  if (opts.audio !== undefined) return `audio of ${opts.audio.length} bytes`;
  if (opts.blob !== undefined) return `blob ${opts.blobMimeType ?? ''}`.trim();
  if (opts.image !== undefined) return `image ${opts.image.mimeType}`;
  if (opts.toolResponses?.length) return `tool responses ${opts.toolResponses.map((r) => r.tool).join(', ')}`;
  return 'nothing but variables';
}

function describe(input: TurnInput): string {
  switch (input.kind) {
    case 'text':
      return `text "${input.text}"`;
    case 'event':
      return `event ${input.event}`;
    case 'dtmf':
      return `dtmf "${input.digits}"`;
    case 'blob':
    case 'image':
      return `${input.kind} ${input.mimeType}`;
    case 'toolResponses':
      return `tool responses ${input.responses.map((r) => r.name).join(', ')}`;
    case 'audio':
      return input.say !== undefined ? `text "${input.say}"` : `audio of ${input.bytes} bytes`;
    case 'variables':
      return 'nothing but variables';
  }
}

/**
 * The recorded turn as wire outputs, split into rounds after each batch of client tool calls (the
 * runner answers them, then asks for the rest).
 */
function rounds(result: TurnResult): SessionOutput[][] {
  const groups: TranscriptEntry[][] = [[]];
  for (const [i, entry] of result.transcript.entries()) {
    groups.at(-1)!.push(entry);
    const next = result.transcript[i + 1];
    const clientCall = entry.kind === 'toolCall' && entry.call.origin === 'client';
    if (clientCall && !(next?.kind === 'toolCall' && next.call.origin === 'client')) groups.push([]);
  }
  const nonEmpty = groups.filter((g) => g.length > 0);
  if (nonEmpty.length === 0) nonEmpty.push([]);
  const outputs = nonEmpty.map((group, i) => roundOutputs(group, result, i === nonEmpty.length - 1));
  if (result.earlierRootSpans) putEarlierSpans(outputs, result.earlierRootSpans);
  else {
    // Recorded before earlierRootSpans: only the earlier rounds' server time (latency.serverMs adds
    // every round's root span up).
    const earlier = (result.latency.serverMs ?? 0) - (result.rootSpan?.durationMs ?? 0);
    if (outputs.length > 1 && earlier > 0)
      outputs[0]!.push({ diagnosticInfo: { rootSpan: wireSpan({ name: 'root', durationMs: earlier }) } });
  }
  return outputs;
}

/**
 * Each earlier round's root span back on its round's diagnosticInfo; spans beyond the rounds the
 * transcript splits into go before the last round's own, so the client reads them in their order.
 */
function putEarlierSpans(outputs: SessionOutput[][], spans: readonly Span[]): void {
  const lastRound = outputs.length - 1;
  for (const [i, span] of spans.entries()) {
    const rootSpan = wireSpan(span);
    if (i < lastRound) outputs[i]!.at(-1)!.diagnosticInfo!.rootSpan = rootSpan;
    else outputs[lastRound]!.splice(outputs[lastRound]!.length - 1, 0, { diagnosticInfo: { rootSpan } });
  }
}

function roundOutputs(entries: TranscriptEntry[], result: TurnResult, last: boolean): SessionOutput[] {
  const outputs: SessionOutput[] = [];
  const messages: Message[] = [];
  const clientCalls: NonNullable<SessionOutput['toolCalls']>['toolCalls'] = [];
  for (const entry of entries) {
    const chunk = chunkOf(entry, outputs);
    if (!chunk) continue;
    const role = entry.kind === 'user' ? 'user' : entry.role;
    const open = messages.at(-1);
    if (open && open.role === role) open.chunks!.push(chunk);
    else messages.push({ role, chunks: [chunk] });
    if (entry.kind === 'toolCall' && entry.call.origin === 'client') clientCalls.push(chunk.toolCall!);
  }
  if (last) for (const text of result.textParts) outputs.unshift({ text, turnIndex: result.turnIndex });
  if (clientCalls.length) outputs.push({ toolCalls: { toolCalls: clientCalls }, turnIndex: result.turnIndex });
  outputs.push({
    turnIndex: result.turnIndex,
    ...(last ? { turnCompleted: true } : {}),
    diagnosticInfo: { messages, ...(last && result.rootSpan ? { rootSpan: wireSpan(result.rootSpan) } : {}) },
  });
  return outputs;
}

/** A transcript entry as a message chunk; citations and the end of session are outputs of their own. */
function chunkOf(entry: TranscriptEntry, outputs: SessionOutput[]): Chunk | undefined {
  switch (entry.kind) {
    case 'user':
      return entry.input === 'blob' || entry.input === 'image'
        ? { [entry.input]: { mimeType: /\[\w+ ([^\]]*)\]/.exec(entry.text)?.[1] ?? '' } }
        : { text: entry.text };
    case 'agent':
      return { text: entry.text };
    case 'toolCall': {
      const c = entry.call;
      const displayName = c.displayName !== undefined ? { displayName: c.displayName } : {};
      return { toolCall: { id: c.id, tool: c.resource ?? c.name, ...displayName, args: c.args } };
    }
    case 'toolResponse': {
      const r = entry.response;
      const displayName = r.displayName !== undefined ? { displayName: r.displayName } : {};
      return { toolResponse: { id: r.id, tool: r.resource ?? r.name, ...displayName, response: r.response } };
    }
    case 'transfer':
      return {
        agentTransfer: {
          targetAgent: entry.transfer.resource,
          ...(entry.transfer.displayName !== undefined ? { displayName: entry.transfer.displayName } : {}),
        },
      };
    case 'payload':
      return { payload: entry.payload };
    case 'variables':
      return { updatedVariables: entry.variables };
    case 'citations':
      outputs.push({ citations: { citedChunks: entry.citations } });
      return undefined;
    case 'endSession':
      outputs.push({ endSession: { ...(entry.metadata ? { metadata: entry.metadata } : {}) } });
      return undefined;
    case 'bargeIn':
      return undefined;
  }
}

function wireSpan(span: Span): WireSpan {
  const ms = span.durationMs;
  return {
    name: span.name,
    ...(ms !== undefined ? { duration: protoTime(ms) } : {}),
    ...(span.startTime !== undefined ? { startTime: protoTime(Date.parse(span.startTime)) } : {}),
    ...(span.attributes ? { attributes: span.attributes } : {}),
    ...(span.children ? { childSpans: span.children.map(wireSpan) } : {}),
  };
}

function protoTime(ms: number): { seconds: number; nanos: number } {
  return { seconds: Math.floor(ms / 1000), nanos: Math.round((ms % 1000) * 1e6) };
}
