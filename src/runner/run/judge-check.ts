// The LLM judge as a deferred check (src/assertions/types.ts DeferredCheck): runAssertions asks it
// like any matcher, frames the answer and applies `not:` once. A turn-level judge sees the
// conversation up to its turn; a conversation-level one sees all of it. The turn (or conversation)
// is reported once its verdicts are in (src/model/observer.ts). Fail-closed rules: src/judge/README.md.
import type { DeferredCheck, Errored, MatchContext } from '../../assertions/index.js';
import {
  judgeVerdict,
  notCalibrated,
  withCalibration,
  type JudgeSetup,
  type TranscriptTurn,
} from '../../judge/index.js';
import type { JsonValue } from '../../model/json.js';

export function judgeCheck(setup: JudgeSetup, signal?: AbortSignal): DeferredCheck {
  return async (options, ctx) => {
    if (setup.kind === 'disabled') return { skipped: setup.reason, expected: options };
    if (setup.kind === 'unavailable') return judgeError('JUDGE_NOT_CONFIGURED', setup.reason, options);
    // Typed by the loader: the criterion (the schema refuses an empty one) and maybe how many samples.
    const { prompt, samples } = options;
    const { judge, calibration: gate } = setup;
    const calibration = gate ? await gate.status(prompt, judge.identity(samples)) : undefined;
    if (calibration && gate?.require && !calibration.calibrated) return notCalibrated(calibration, options);
    const turns = seenTurns(ctx);
    const outcome = await setup.judge.evaluate({
      criterion: prompt,
      turns,
      ...(ctx.scope === 'turn' ? { uptoTurn: turns.length } : {}),
      ...(samples ? { samples } : {}),
      ...(signal ? { signal } : {}),
    });
    const verdict = judgeVerdict(prompt, outcome, options);
    return calibration ? withCalibration(verdict, calibration) : verdict;
  };
}

/** The turns the judge reads: up to the checked turn (turn scope), or all of them. */
function seenTurns(ctx: MatchContext): TranscriptTurn[] {
  const upto = ctx.scope === 'turn' && ctx.turn ? ctx.turns.indexOf(ctx.turn) + 1 : ctx.turns.length;
  return ctx.turns.slice(0, upto).map((t) => ({ inputs: t.inputs, result: t }));
}

function judgeError(code: string, reason: string, options: JsonValue): Errored {
  return { error: `judge error (${code}): ${reason}`, expected: options, details: { code } };
}
