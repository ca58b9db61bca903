// transcript: what the server recognised the user saying (audio modality).
import { unrecognizedSpeechKey } from '../model/speech-key.js';
import type { TextOptions } from '../model/spec.js';
import type { TurnResult } from '../model/turn.js';
import { CannotEvaluateError } from './errors.js';
import { requireTurn } from './scope.js';
import { checkText } from './text-checks.js';
import type { Check, MatchContext } from './types.js';

const NO_TRANSCRIPT = 'transcript: the server recognised no user speech (a transcript exists only for audio input)';

function recognized(ctx: MatchContext): string {
  if (ctx.scope === 'turn') {
    const transcript = requireTurn(ctx, 'transcript').recognizedTranscript;
    if (transcript === undefined) throw new CannotEvaluateError(`${NO_TRANSCRIPT} in this turn${keyHint(ctx.turn)}`);
    return transcript;
  }
  const all = ctx.turns.flatMap((t) => (t.recognizedTranscript === undefined ? [] : [t.recognizedTranscript]));
  if (all.length === 0) throw new CannotEvaluateError(`${NO_TRANSCRIPT} in any turn`);
  return all.join(' ');
}

/** The emulator names the key of speech it could not recognise (src/model/speech-key.ts): say it. */
function keyHint(turn: TurnResult | undefined): string {
  for (const entry of turn?.transcript ?? []) {
    const key = entry.kind === 'user' ? unrecognizedSpeechKey(entry.text) : undefined;
    if (key !== undefined)
      return `; the emulator computed transcript key ${key}, which its app's transcripts table does not list`;
  }
  return '';
}

export function transcript(options: TextOptions, ctx: MatchContext): Check {
  return checkText('transcript', 'transcript', options, recognized(ctx));
}
