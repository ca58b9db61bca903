// A reply whose verdict contradicts its own reasoning is an error (fail-closed): the prompt asks the
// reasoning to end with a stated conclusion (prompt.ts), and the last conclusion found must match the
// verdict. A reasoning without a recognisable conclusion is not checked: only what can be detected is.
import type { JudgeReply } from './prompt.js';

type Verdict = JudgeReply['verdict'];

/** Phrases that state a conclusion, each meaning one verdict; negations are listed before they can match. */
const CONCLUSIONS: ReadonlyArray<readonly [RegExp, Verdict]> = [
  [/\bcriterion (?:does not|doesn't|did not|is not|isn't|was not|wasn't) (?:hold|met|satisfied|fulfilled)\b/gi, 'fail'],
  [/\bcriterion (?:holds|held|is met|was met|is satisfied|was satisfied|is fulfilled)\b/gi, 'pass'],
  [/\b(?:cannot|can't|could not) be judged\b/gi, 'cannot_judge'],
  [/\bverdict(?: is|:)\s*"?(pass|fail)\b/gi, 'pass'],
];

/** The verdict the reasoning concludes with (its last conclusion), if it states one. */
export function concludedVerdict(reasoning: string): Verdict | undefined {
  let last: { at: number; verdict: Verdict } | undefined;
  for (const [pattern, verdict] of CONCLUSIONS) {
    for (const m of reasoning.matchAll(pattern)) {
      const said = m[1] ? (m[1].toLowerCase() as Verdict) : verdict;
      if (!last || m.index >= last.at) last = { at: m.index, verdict: said };
    }
  }
  return last?.verdict;
}

/** The contradiction, one line; undefined when the verdict agrees with the reasoning or cannot be checked. */
export function contradiction(reply: JudgeReply): string | undefined {
  const concluded = concludedVerdict(reply.reason);
  if (concluded === undefined || concluded === reply.verdict) return undefined;
  return `the verdict "${reply.verdict}" contradicts the judge's own reasoning, which concludes "${concluded}"`;
}
