// The chat loop of `cxas-eval chat` (loaded only when the command runs): each line is a turn or a
// command (chat-commands.ts); client-side tool calls are answered from tool fakes or by the user.
import type { Sessions } from '../client/index.js';
import { CesError, TurnInProgress } from '../client/index.js';
import * as path from 'node:path';
import {
  ToolFakeResponder,
  UnmatchedToolCallError,
  insideRoots,
  outsideRootsText,
  type ToolReply,
} from '../runner/index.js';
import type { ToolFakeSpec, TurnInputSpec } from '../model/spec.js';
import type { ToolCall } from '../model/turn.js';
import { CliError } from './exit-codes.js';
import { CHAT_HELP, parseChatLine, parseJsonObject, type ChatTurn } from './chat-commands.js';
import { describeChatError } from './chat-errors.js';
import { ChatRecorder } from './chat-record.js';

export interface ChatIo {
  write(text: string): void;
  error(text: string): void;
  /** The next line typed after showing `prompt`; undefined at the end of input (Ctrl-D). */
  read(prompt: string): Promise<string | undefined>;
}

export interface ChatOptions {
  base?: Partial<ChatTurn>;
  format?: 'auto' | 'ansi' | 'plain';
  /** Answers client tool calls before the user is asked (from --spec). */
  toolFakes?: readonly ToolFakeSpec[];
  /** What the banner says the chat talks to. */
  target: string;
  endpoint?: string;
  /** `--record FILE`: the session written there as a spec conversation when the chat ends or is reset. */
  record?: string;
  /** The config's `redact:` patterns, masking what is recorded. */
  redact?: string[];
  /** The folders a recorded spec's file paths may lead into: a file sent from elsewhere is warned of. */
  roots?: readonly string[];
}

const MAX_TOOL_ROUNDS = 8;

class ChatSession {
  private sessionId: string;
  private responder: ToolFakeResponder;
  private turns: string[] = [];
  private readonly recorder: ChatRecorder;
  failures = 0;

  constructor(
    private readonly sessions: Sessions,
    private readonly io: ChatIo,
    private readonly opts: ChatOptions,
  ) {
    this.sessionId = sessions.createSessionId();
    this.responder = new ToolFakeResponder(opts.toolFakes ?? []);
    this.recorder = new ChatRecorder({
      target: opts.target,
      ...(opts.record ? { file: opts.record } : {}),
      ...(opts.redact ? { redact: opts.redact } : {}),
      ...(opts.base?.useToolFakes ? { useToolFakes: true } : {}),
      ...(opts.base?.deploymentId ? { deploymentId: opts.base.deploymentId } : {}),
    });
  }

  banner(): void {
    const fakes = this.opts.toolFakes?.length ? ` · ${this.opts.toolFakes.length} tool fake(s) loaded` : '';
    this.io.write(
      `cxas-eval chat · ${this.opts.target}${fakes}\n` +
        `session ${this.sessions.sessionName(this.sessionId)}\n` +
        (this.opts.record ? `recording to ${this.opts.record}\n` : '') +
        'Type /help for commands, /quit to leave.\n',
    );
  }

  /** False when the chat should end. */
  async handle(line: string): Promise<boolean> {
    const command = parseChatLine(line);
    if (!command) return true;
    switch (command.kind) {
      case 'quit':
        return false;
      case 'help':
        return this.say(CHAT_HELP);
      case 'history':
        return this.say(this.turns.length ? this.turns.join('\n') : '(no turns yet in this session)');
      case 'reset':
        return this.reset();
      case 'save':
        return this.say(await this.recorder.save(command.name));
      case 'turn':
        this.warnOutsideProject(command.input);
        return this.turn(command.turn, command.input);
    }
  }

  /** With --record: the session so far, written when the chat ends or is reset. */
  async flush(): Promise<void> {
    const saved = await this.recorder.flush();
    if (saved) this.say(saved);
  }

  /** A recording sending a file from outside the project is refused when it runs: said at once. */
  private warnOutsideProject(input: TurnInputSpec): void {
    const { record, roots } = this.opts;
    if (!record || !roots || (input.kind !== 'blob' && input.kind !== 'image') || input.file === undefined) return;
    if (insideRoots(path.resolve(input.file), roots)) return;
    this.io.error(
      `warning: ${input.file}: ${outsideRootsText(roots, process.cwd())}: the recorded spec will not run ` +
        'this turn until the file is copied into the project\n',
    );
  }

  private say(text: string): true {
    this.io.write(`${text}\n`);
    return true;
  }

  private async reset(): Promise<true> {
    await this.flush();
    this.recorder.reset();
    this.sessionId = this.sessions.createSessionId();
    this.responder = new ToolFakeResponder(this.opts.toolFakes ?? []);
    this.turns = [];
    return this.say(`new session ${this.sessions.sessionName(this.sessionId)}`);
  }

  /** One user turn and the rounds of client tool calls it leads to. False when the agent ended the session. */
  private async turn(first: ChatTurn, input: TurnInputSpec): Promise<boolean> {
    let request: ChatTurn = first;
    // The rounds of one turn merged as the runner merges them, so a recorded spec expects what a run sees.
    const progress = new TurnInProgress();
    for (let round = 0; round <= MAX_TOOL_ROUNDS; round++) {
      const res = await this.sessions.run({ ...this.opts.base, ...request, sessionId: this.sessionId });
      const text = this.sessions.parseResult(res, { format: this.opts.format ?? 'auto' });
      this.turns.push(text);
      this.say(text);
      const { pendingToolCalls, sessionEnded } = progress.add(res);
      if (sessionEnded || pendingToolCalls.length === 0) this.recorder.turn(input, progress.result([]));
      if (sessionEnded) return this.say('(the agent ended the session)') && false;
      if (pendingToolCalls.length === 0) return true;
      const toolResponses: ToolReply[] = [];
      for (const call of pendingToolCalls) toolResponses.push(await this.answer(call));
      request = { toolResponses };
    }
    throw new CliError(`the agent asked for client tools ${MAX_TOOL_ROUNDS} times in one turn; stopping`);
  }

  private async answer(call: ToolCall): Promise<ToolReply> {
    try {
      const reply = this.responder.answer(call);
      this.say(`(client tool ${call.name} answered from tool fakes: ${JSON.stringify(reply.response)})`);
      this.recorder.answer(call, reply.response);
      return reply;
    } catch (err) {
      if (!(err instanceof UnmatchedToolCallError)) throw err;
    }
    this.say(
      `client tool ${call.name} ${JSON.stringify(call.args)} needs its result: ` +
        'type a JSON object (no tool fake answers it)',
    );
    for (;;) {
      const line = await this.io.read(`${call.name} result> `);
      if (line === undefined) throw new CliError(`input ended while client tool ${call.name} waited for its result`);
      try {
        const output = parseJsonObject(`the result of ${call.name}`, line.trim());
        this.recorder.answer(call, { output });
        return { id: call.id, tool: call.resource ?? call.name, response: { output } };
      } catch (err) {
        this.io.error(`${(err as Error).message}\n`);
      }
    }
  }

  report(err: unknown): void {
    if (!(err instanceof CesError || err instanceof CliError)) throw err;
    this.failures++;
    this.io.error(`${describeChatError(err, this.opts.endpoint)}\n`);
  }
}

/** Runs the chat until /quit, the end of input or the agent ending the session; returns how many turns failed. */
export async function runChat(sessions: Sessions, io: ChatIo, opts: ChatOptions): Promise<number> {
  const chat = new ChatSession(sessions, io, opts);
  chat.banner();
  for (let line = await io.read('you> '); line !== undefined; line = await io.read('you> ')) {
    try {
      if (!(await chat.handle(line))) break;
    } catch (err) {
      chat.report(err);
    }
  }
  try {
    await chat.flush();
  } catch (err) {
    chat.report(err);
  }
  return chat.failures;
}
