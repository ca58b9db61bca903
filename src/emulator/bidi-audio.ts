// Audio on one bidi stream: endpointing of the user's audio at the wire rate, the transcripts
// table as a deterministic stand-in for speech recognition, barge-in detection, and the agent's
// synthetic voice for text outputs when the config asks for output audio.
import type { JsonObject } from '../model/json.js';
import {
  chunkAudio,
  decodeFrom,
  durationMs,
  encodeFor,
  synthesizeAgentAudio,
  transcriptKey,
  UtteranceDetector,
} from '../audio/index.js';
import type { CheckedConfig } from './config.js';
import type { EmulatorCore } from './core.js';
import { invalidArgument } from './errors.js';
import type { Speech } from './inputs.js';
import { recognize } from './transcripts.js';

/** Agent audio goes out in chunks of this length (CES streams it; 500 ms keeps frames few). */
const AGENT_CHUNK_MS = 500;

export interface AudioPushResult {
  /** Speech started while agent audio was playing: send interruptionSignal {bargeIn: true}. */
  bargeIn: boolean;
  /** Utterances that ended in this chunk, each a turn. */
  utterances: Speech[];
}

export class BidiAudio {
  private readonly detector: UtteranceDetector | undefined;

  constructor(
    private readonly core: EmulatorCore,
    private readonly config: CheckedConfig,
  ) {
    if (config.inputAudio) {
      this.detector = new UtteranceDetector({
        sampleRateHertz: config.inputAudio.sampleRateHertz,
        silenceMs: core.app.audio?.silenceMs ?? 500,
      });
    }
  }

  /** One realtimeInput.audio chunk (base64, canonical JSON) in the input encoding. */
  push(base64: string): AudioPushResult {
    const input = this.config.inputAudio;
    if (!this.detector || !input)
      throw invalidArgument(
        'realtimeInput.audio needs config.inputAudioConfig (audioEncoding and sampleRateHertz) in the first message',
      );
    const bytes = Buffer.from(base64, 'base64');
    const session = this.config.sessionId;
    const wasPlaying = this.core.playback.playing(session);
    this.core.playback.listened(session, durationMs(bytes, input));
    // LINEAR16 goes to the detector as received: a chunk may end mid-sample (a client may cut its
    // stream anywhere), and the detector carries the odd byte over to this stream's next chunk.
    // G.711 has one byte per sample, so each chunk decodes exactly on its own.
    const pushed = this.detector.push(input.audioEncoding === 'LINEAR16' ? bytes : decodeFrom(bytes, input));
    const bargeIn = pushed.speechStarted && wasPlaying;
    if (bargeIn) this.core.playback.stop(session);
    const utterances: Speech[] = [];
    while (this.detector.pending > 0) {
      const key = transcriptKey(this.detector.take(), input.sampleRateHertz);
      const text = recognize(this.core.app, key);
      utterances.push(text === undefined ? { key } : { transcript: text });
    }
    return { bargeIn, utterances };
  }

  /** Cumulative recognitionResults revealing the transcript word by word, the last one complete. */
  static recognitionResults(speech: Speech): JsonObject[] {
    if (speech.transcript === undefined) return [];
    const words = speech.transcript.split(/\s+/).filter(Boolean);
    return words.map((_, i) => ({ recognitionResult: { transcript: words.slice(0, i + 1).join(' ') } }));
  }

  /** The sessionOutputs to send for `output`: its agent audio first (when configured), then itself. */
  withAgentAudio(output: JsonObject): JsonObject[] {
    const out = this.config.outputAudio;
    if (!out || typeof output['text'] !== 'string' || output['text'] === '') return [output];
    const wire = encodeFor(
      synthesizeAgentAudio(output['text'], { sampleRateHertz: out.sampleRateHertz }),
      out.sampleRateHertz,
      out,
    );
    this.core.playback.started(this.config.sessionId, durationMs(wire, out));
    const audio = chunkAudio(wire, { ...out, chunkMs: AGENT_CHUNK_MS }).map((chunk) => ({
      audio: chunk.toString('base64'),
      turnIndex: output['turnIndex'] ?? 0,
    }));
    return [...audio, output];
  }
}
