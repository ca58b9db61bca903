// The transcript keys the emulator computes for a recording, found the way a bidi stream finds
// them (bidi-audio.ts): the audio converted to the wire format as the client sends it, padded with
// silence, endpointed by the same UtteranceDetector, each utterance keyed with transcriptKey. A
// recording with a pause longer than the app's `audio.silenceMs` is two utterances, so two keys.
import { decodeFrom, encodeFor, silence, transcriptKey, UtteranceDetector, type AudioConfig } from '../audio/index.js';

/** The wire format the runner and chat send by default (LINEAR16 at 16 kHz). */
export const DEFAULT_WIRE: AudioConfig = { audioEncoding: 'LINEAR16', sampleRateHertz: 16000 };

/** One key per utterance the emulator would hear in `pcm16` (PCM16 mono at `sampleRateHertz`) sent as `wire`. */
export function utteranceKeys(pcm16: Buffer, sampleRateHertz: number, wire = DEFAULT_WIRE, silenceMs = 500): string[] {
  const speech = encodeFor(pcm16, sampleRateHertz, wire);
  const sent = Buffer.concat([silence(300, wire), speech, silence(silenceMs + 100, wire)]);
  const detector = new UtteranceDetector({ sampleRateHertz: wire.sampleRateHertz, silenceMs });
  detector.push(decodeFrom(sent, wire));
  detector.finish();
  const keys: string[] = [];
  while (detector.pending > 0) keys.push(transcriptKey(detector.take(), wire.sampleRateHertz));
  return keys;
}
