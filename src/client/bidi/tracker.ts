// What the server sent during a bidi run, attributed to the turn in flight: outputs,
// recognitionResults (last cumulative one kept), interruptionSignals (barge-ins), endSession
// (either place) and goAway. Waiters are woken on every frame.
import type { TurnInput } from '../../model/turn.js';
import type { SessionOutput } from '../types.js';

export interface TurnRecord {
  inputs: TurnInput[];
  startedAt: number;
  /**
   * When the input the agent answers had been sent: for audio, the chunk holding the speech's last
   * loud sample (not the silence after it); for a frame, the frame. Latencies count from here.
   */
  inputSentAt?: number;
  /** When the sending of the input ended (trailing silence included): the wait for the turn starts. */
  sendEndedAt?: number;
  firstOutputAt?: number;
  firstAudioAt?: number;
  completedAt?: number;
  outputCount: number;
  agentAudioBytes: number;
  recognizedTranscript?: string;
  bargeIns: number;
}

export interface ServerMessage {
  sessionOutput?: SessionOutput;
  recognitionResult?: { transcript?: string };
  interruptionSignal?: { bargeIn?: boolean };
  endSession?: { metadata?: Record<string, unknown> };
  goAway?: object;
}

export class BidiTracker {
  readonly outputs: SessionOutput[] = [];
  readonly records: TurnRecord[] = [];
  readonly agentAudio: Buffer[] = [];
  goAway = false;
  ended = false;
  private listeners = new Set<() => void>();

  get current(): TurnRecord | undefined {
    return this.records.at(-1);
  }

  begin(inputs: TurnInput[]): TurnRecord {
    const record: TurnRecord = {
      inputs,
      startedAt: performance.now(),
      outputCount: 0,
      agentAudioBytes: 0,
      bargeIns: 0,
    };
    this.records.push(record);
    return record;
  }

  /** Forgets the turn's outcome so its input can be sent again on a new socket (goAway before any output). */
  restart(record: TurnRecord): void {
    record.startedAt = performance.now();
    delete record.inputSentAt;
    delete record.sendEndedAt;
  }

  onMessage(msg: ServerMessage): void {
    const now = performance.now();
    const turn = this.current;
    if (msg.recognitionResult && turn) {
      if (msg.recognitionResult.transcript !== undefined) turn.recognizedTranscript = msg.recognitionResult.transcript;
    } else if (msg.interruptionSignal?.bargeIn && turn) {
      turn.bargeIns++;
    } else if (msg.endSession) {
      this.ended = true;
      this.outputs.push({ endSession: msg.endSession as SessionOutput['endSession'] & object });
    } else if (msg.goAway) {
      this.goAway = true;
    } else if (msg.sessionOutput) {
      this.addOutput(msg.sessionOutput, turn, now);
    }
    for (const listener of [...this.listeners]) listener();
  }

  /** Calls `listener` after every server message until the returned function is called. */
  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private addOutput(output: SessionOutput, turn: TurnRecord | undefined, now: number): void {
    this.outputs.push(output);
    if (output.endSession) this.ended = true;
    if (!turn) return;
    turn.outputCount++;
    // Output that came while the user was still speaking does not answer the input: the first
    // output and first audio are those after it, so a latency is never negative.
    const answering = turn.inputSentAt !== undefined;
    if (answering) turn.firstOutputAt ??= now;
    if (output.audio && output.audio.length > 0) {
      if (answering) turn.firstAudioAt ??= now;
      turn.agentAudioBytes += output.audio.length;
      this.agentAudio.push(output.audio);
    }
    if (output.turnCompleted) turn.completedAt = now;
  }
}
