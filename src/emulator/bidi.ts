// One bidirectional session (gRPC BidiRunSession or the WebSocket bridge), transport-free:
// the first message must be config, each realtimeInput is a turn, except `willContinue` text
// (accumulated), variables alone (merged into the next turn, as CES applies them with it) and
// audio chunks (a turn per utterance the endpointer finds: bidi-audio.ts).
import type { JsonObject } from '../model/json.js';
import { isJsonObject } from '../model/json.js';
import { checkConfig, type CheckedConfig } from './config.js';
import type { EmulatorCore } from './core.js';
import { asEmulatorError, invalidArgument, type EmulatorError } from './errors.js';
import { BidiAudio } from './bidi-audio.js';
import type { Speech } from './inputs.js';

/** Where a bidi session's server messages (canonical JSON BidiSessionServerMessage) go. */
export interface BidiSink {
  send(message: JsonObject): void;
  /** Ends the stream with an error status. */
  fail(error: EmulatorError): void;
  /** Resets the stream abruptly (dropStream fault). */
  drop(): void;
  /** Ends the stream cleanly (`reason`: for the WebSocket close frame). */
  end(reason?: string): void;
}

export class BidiConversation {
  private config: CheckedConfig | undefined;
  private audio: BidiAudio | undefined;
  /** A stallTurn fault hit: the turn never completes and later input is ignored. */
  private stalled = false;
  private partialText: string[] = [];
  private heldInputs: JsonObject[] = [];
  private chain: Promise<void> = Promise.resolve();
  private closed = false;

  constructor(
    private readonly core: EmulatorCore,
    private readonly sink: BidiSink,
  ) {}

  /** Queues one client message; messages are handled strictly in order. */
  receive(message: JsonObject): void {
    this.chain = this.chain.then(() => this.handle(message)).catch((err: unknown) => this.abort(err));
  }

  /** The client will send nothing more: end once queued turns are done. */
  clientDone(): void {
    this.chain = this.chain.then(() => this.finish(() => this.sink.end()));
  }

  /** The transport went away (client cancel or socket close): send nothing more. */
  detach(): void {
    this.closed = true;
  }

  abort(err: unknown): void {
    this.finish(() => this.sink.fail(asEmulatorError(err)));
  }

  private finish(action: () => void): void {
    if (this.closed) return;
    this.closed = true;
    try {
      action();
    } catch (err) {
      this.sink.fail(asEmulatorError(err));
    }
  }

  private async handle(message: JsonObject): Promise<void> {
    if (this.closed) return;
    if (!this.config) {
      if (!isJsonObject(message['config']))
        throw invalidArgument('the first BidiSessionClientMessage must carry config');
      this.config = checkConfig(message['config'], this.core.app);
      this.audio = new BidiAudio(this.core, this.config);
      return;
    }
    if (message['config'] !== undefined)
      throw invalidArgument('config may only be sent in the first BidiSessionClientMessage');
    const input = message['realtimeInput'];
    if (!isJsonObject(input)) throw invalidArgument('a BidiSessionClientMessage needs config or realtimeInput');
    if (this.stalled) return;
    if (typeof input['audio'] === 'string') return this.handleAudio(this.config, input['audio']);
    const inputs = this.collect(input);
    if (inputs.length) await this.runTurn(this.config, inputs);
  }

  private async handleAudio(config: CheckedConfig, audio: string): Promise<void> {
    const pushed = this.audio!.push(audio);
    if (pushed.bargeIn) this.sink.send({ interruptionSignal: { bargeIn: true } });
    for (const speech of pushed.utterances) {
      if (this.closed || this.stalled) return;
      for (const result of BidiAudio.recognitionResults(speech)) this.sink.send(result);
      const held = this.heldInputs;
      this.heldInputs = [];
      await this.runTurn(config, held, speech);
    }
  }

  /** The inputs of the turn this message completes, or [] when it only adds to the next one. */
  private collect(input: JsonObject): JsonObject[] {
    const { willContinue, ...rest } = input;
    if (typeof rest['text'] === 'string' && willContinue === true) {
      this.partialText.push(rest['text']);
      return [];
    }
    if (rest['variables'] !== undefined) {
      this.heldInputs.push(rest);
      return [];
    }
    const inputs = [...this.heldInputs];
    if (this.partialText.length) {
      const head = this.partialText.join('');
      if (typeof rest['text'] === 'string') rest['text'] = head + rest['text'];
      else inputs.push({ text: head });
    }
    inputs.push(rest);
    this.heldInputs = [];
    this.partialText = [];
    return inputs;
  }

  private async runTurn(config: CheckedConfig, inputs: JsonObject[], speech?: Speech): Promise<void> {
    if (this.core.chaos.stallTurn()) {
      this.stalled = true;
      return;
    }
    const outcome = await this.core.turn(
      config,
      inputs,
      (output) => {
        if (this.closed) return;
        for (const o of this.audio!.withAgentAudio(output)) this.sink.send({ sessionOutput: o });
      },
      speech,
    );
    if (outcome === 'dropped') return this.finish(() => this.sink.drop());
    if (this.core.store.get(config.sessionId)?.ended) return this.finish(() => this.sink.end());
    if (this.core.chaos.goAway()) {
      this.sink.send({ goAway: {} });
      this.finish(() => this.sink.end('go away'));
    }
  }
}
