// What a bidi run sends, in order: discrete frames (text, event, DTMF, variables, tool
// responses, blobs, images: never in the same input as audio, the reference's oneof bug) and
// utterances (whole audio converted to the wire encoding first, then chunked by the sender).
import type { TurnInput } from '../../model/turn.js';
import {
  decodeFrom,
  decodeWav,
  encodeFor,
  speechEndOffset,
  type AudioConfig,
  type Synthesizer,
} from '../../audio/index.js';
import { CesError, CesInputError } from '../errors.js';

export type BidiStep =
  | { kind: 'frame'; input: Record<string, unknown>; summary: TurnInput[]; awaitsTurn: boolean }
  | {
      kind: 'utterance';
      wire: Buffer;
      user: Buffer;
      /** Bytes of `wire` up to the end of the speech (speechEndOffset): latency counts from there. */
      speechEnd: number;
      summary: TurnInput[];
    };

const isWav = (b: Buffer): boolean =>
  b.length >= 12 && b.toString('latin1', 0, 4) === 'RIFF' && b.toString('latin1', 8, 12) === 'WAVE';

/** A WAV file (any rate, decoded and resampled) or PCM16 at the input rate → an utterance. */
export function utteranceFromAudio(audio: Buffer | Uint8Array, input: AudioConfig, summary: TurnInput[]): BidiStep {
  const buf = Buffer.isBuffer(audio) ? audio : Buffer.from(audio.buffer, audio.byteOffset, audio.byteLength);
  try {
    const { pcm, sampleRateHertz } = isWav(buf) ? decodeWav(buf) : { pcm: buf, sampleRateHertz: input.sampleRateHertz };
    return wireUtterance(encodeFor(pcm, sampleRateHertz, input), input, summary);
  } catch (err) {
    throw new CesInputError(`audio: ${(err as Error).message}`);
  }
}

/** Audio already in the input encoding (bidiRunSession's `{audio}` inputs). */
function wireUtterance(wire: Buffer, input: AudioConfig, summary: TurnInput[]): BidiStep {
  return { kind: 'utterance', wire, user: decodeFrom(wire, input), speechEnd: speechEndOffset(wire, input), summary };
}

/** A text turn spoken by the synthesiser, at the input rate. */
export async function utteranceFromText(
  text: string,
  synth: Synthesizer | undefined,
  input: AudioConfig,
  voice: { voice?: string; languageCode?: string },
  signal?: AbortSignal,
): Promise<BidiStep> {
  if (!synth) {
    throw new CesError(
      'SYNTHESIZER_MISSING',
      'text turns in audio modality are spoken by a synthesiser: ' +
        `set Sessions option audio.synthesizer to "google" or "espeak" (text: ${JSON.stringify(text)})`,
    );
  }
  let pcm: Buffer;
  try {
    pcm = await synth.synthesize(text, {
      sampleRateHertz: input.sampleRateHertz,
      ...voice,
      ...(signal ? { signal } : {}),
    });
  } catch (err) {
    const code = (err as { code?: string }).code;
    throw new CesError(
      code === 'SYNTHESIZER_MISSING' ? code : 'SYNTHESIS_FAILED',
      `synthesising ${JSON.stringify(text)} with ${synth.name}: ${(err as Error).message}`,
      { cause: err },
    );
  }
  const wire = encodeFor(pcm, input.sampleRateHertz, input);
  return wireUtterance(wire, input, [{ kind: 'audio', bytes: wire.length, say: text }]);
}

/** Non-audio inputs are frames; only variables do not make a turn of their own. */
export function frameStep(input: Record<string, unknown>, summary: TurnInput[]): BidiStep {
  const awaitsTurn = input['variables'] === undefined && input['willContinue'] !== true;
  return { kind: 'frame', input, summary, awaitsTurn };
}

/**
 * bidiRunSession's plain SessionInputs → steps: an `{audio}` input is a whole utterance already in
 * the input encoding (so it needs config.inputAudioConfig), every other input is one frame.
 */
export function stepsFromSessionInputs(config: Record<string, unknown>, inputs: unknown): BidiStep[] {
  if (!Array.isArray(inputs)) throw new CesInputError('inputs must be a list of SessionInput');
  const input = config['inputAudioConfig'] as AudioConfig | undefined;
  return inputs.map((i: Record<string, unknown>, n) => {
    if (i['audio'] === undefined) return frameStep(i, []);
    if (!input) throw new CesInputError(`inputs[${n}].audio needs config.inputAudioConfig`);
    const bytes = i['audio'];
    if (!Buffer.isBuffer(bytes)) throw new CesInputError(`inputs[${n}].audio must be a Buffer`);
    try {
      return wireUtterance(bytes, input, [{ kind: 'audio', bytes: bytes.length }]);
    } catch (err) {
      // Audio that does not decode in its config (odd-length LINEAR16, an unknown encoding).
      throw new CesInputError(`inputs[${n}].audio: ${(err as Error).message}`);
    }
  });
}
