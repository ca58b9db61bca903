// Energy-based end-of-utterance detection for the emulator's bidi stream. Audio is analysed
// in 10 ms frames; a frame is speech when its RMS level exceeds `thresholdDb` (see energy.ts
// for why -45 dBFS). Speech starts after `minSpeechMs` of consecutive speech frames and the
// utterance ends after `silenceMs` of consecutive non-speech frames.
//
// take() returns the utterance trimmed with trimSilence, so its transcriptKey equals the key
// of the original speech whatever the padding and chunking (fingerprint.ts). For that, the
// audio before speech starts is kept (up to `maxPreRollMs`, minus leading digital silence):
// a word's soft onset is quieter than the speech threshold but is part of the key.
import { checkRate } from './config.js';
import { DEFAULT_SPEECH_THRESHOLD_DB, firstLoudSample, frameSamples, rmsDb } from './energy.js';
import { trimSilence } from './fingerprint.js';

export interface UtteranceDetectorOptions {
  sampleRateHertz: number;
  /** Non-speech needed to end an utterance (default 500 ms). Shorter pauses stay inside it. */
  silenceMs?: number;
  /** Frame RMS level above which a frame is speech, in dBFS (default -45). */
  thresholdDb?: number;
  /** Consecutive speech needed to start an utterance, so a click does not (default 30 ms). */
  minSpeechMs?: number;
  /** Audio kept from before speech starts (default: silenceMs). */
  maxPreRollMs?: number;
  /** An utterance is cut after this long even without a pause, bounding memory (default 60 s). */
  maxUtteranceMs?: number;
}

export interface PushResult {
  /** Speech started during this push (the emulator's cue for barge-in). */
  speechStarted: boolean;
  /** At least one utterance ended during this push: take() returns it. */
  utteranceEnded: boolean;
}

export class UtteranceDetector {
  private readonly frameBytes: number;
  private readonly silenceFrames: number;
  private readonly minSpeechFrames: number;
  private readonly maxPreRollFrames: number;
  private readonly maxUtteranceFrames: number;
  private readonly thresholdDb: number;
  private carry: Buffer = Buffer.alloc(0);
  private frames: Buffer[] = [];
  private inSpeech = false;
  private speechRun = 0;
  private quietRun = 0;
  private readonly finished: Buffer[] = [];

  constructor(private readonly options: UtteranceDetectorOptions) {
    const rate = checkRate(options.sampleRateHertz);
    const samples = frameSamples(rate);
    const frameMs = (samples * 1000) / rate;
    const toFrames = (ms: number): number => Math.max(1, Math.ceil(ms / frameMs));
    this.frameBytes = samples * 2;
    this.silenceFrames = toFrames(options.silenceMs ?? 500);
    this.minSpeechFrames = toFrames(options.minSpeechMs ?? 30);
    // The frames that start speech must survive in the pre-roll, whatever it is set to.
    this.maxPreRollFrames = Math.max(this.minSpeechFrames, toFrames(options.maxPreRollMs ?? options.silenceMs ?? 500));
    this.maxUtteranceFrames = toFrames(options.maxUtteranceMs ?? 60_000);
    this.thresholdDb = options.thresholdDb ?? DEFAULT_SPEECH_THRESHOLD_DB;
  }

  /** True between speech start and utterance end. */
  get speaking(): boolean {
    return this.inSpeech;
  }

  /** Finished utterances not yet taken. */
  get pending(): number {
    return this.finished.length;
  }

  /** Feeds PCM16 mono at the configured rate; chunks may have any size (odd bytes are carried). */
  push(pcm16Chunk: Buffer): PushResult {
    const result: PushResult = { speechStarted: false, utteranceEnded: false };
    const data = this.carry.length ? Buffer.concat([this.carry, pcm16Chunk]) : pcm16Chunk;
    let offset = 0;
    for (; offset + this.frameBytes <= data.length; offset += this.frameBytes) {
      this.frame(Buffer.from(data.subarray(offset, offset + this.frameBytes)), result);
    }
    this.carry = Buffer.from(data.subarray(offset));
    return result;
  }

  /** The oldest finished utterance's speech audio (PCM16, silence trimmed); empty if none. */
  take(): Buffer {
    return this.finished.shift() ?? Buffer.alloc(0);
  }

  /** Ends the utterance in progress (the stream closed mid-speech). Returns whether there was one. */
  finish(): boolean {
    if (!this.inSpeech) return false;
    const whole = this.carry.subarray(0, this.carry.length - (this.carry.length % 2));
    if (whole.length) this.frames.push(Buffer.from(whole));
    this.carry = Buffer.alloc(0);
    this.endUtterance();
    return true;
  }

  private frame(frame: Buffer, result: PushResult): void {
    const speech = rmsDb(frame) > this.thresholdDb;
    if (this.inSpeech) {
      this.frames.push(frame);
      this.quietRun = speech ? 0 : this.quietRun + 1;
      if (this.quietRun >= this.silenceFrames || this.frames.length >= this.maxUtteranceFrames) {
        this.endUtterance();
        result.utteranceEnded = true;
      }
      return;
    }
    this.keepPreRoll(frame);
    this.speechRun = speech ? this.speechRun + 1 : 0;
    if (this.speechRun >= this.minSpeechFrames) {
      this.inSpeech = true;
      this.quietRun = 0;
      result.speechStarted = true;
    }
  }

  /** Before speech: keep recent audio, dropping leading digital silence (trimming drops it anyway). */
  private keepPreRoll(frame: Buffer): void {
    if (this.frames.length === 0 && firstLoudSample(frame) < 0) return;
    this.frames.push(frame);
    while (this.frames.length > this.maxPreRollFrames) {
      this.frames.shift();
      while (this.frames.length && firstLoudSample(this.frames[0] as Buffer) < 0) this.frames.shift();
    }
  }

  private endUtterance(): void {
    this.finished.push(trimSilence(Buffer.concat(this.frames), this.options.sampleRateHertz));
    this.frames = [];
    this.inSpeech = false;
    this.speechRun = 0;
    this.quietRun = 0;
  }
}
