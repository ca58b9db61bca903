// transcript: what the server recognised the user saying (audio modality).
import type { JsonValue } from '../model/json.js';
import { CannotEvaluateError } from './errors.js';
import { requireTurn } from './scope.js';
import { checkText } from './text-checks.js';
import type { Check, MatchContext } from './types.js';

const NO_TRANSCRIPT = 'transcript: the server recognised no user speech (a transcript exists only for audio input)';

function recognized(ctx: MatchContext): string {
  if (ctx.scope === 'turn') {
    const transcript = requireTurn(ctx, 'transcript').recognizedTranscript;
    if (transcript === undefined) throw new CannotEvaluateError(`${NO_TRANSCRIPT} in this turn`);
    return transcript;
  }
  const all = ctx.turns.flatMap((t) => (t.recognizedTranscript === undefined ? [] : [t.recognizedTranscript]));
  if (all.length === 0) throw new CannotEvaluateError(`${NO_TRANSCRIPT} in any turn`);
  return all.join(' ');
}

export function transcript(options: JsonValue, ctx: MatchContext): Check {
  return checkText('transcript', 'transcript', options, recognized(ctx));
}
