// Judge (and later simulated-user) lines shared by list, HTML and JUnit: verdict counts, skip reasons, tokens and cost.
import type { LlmUsageTotals } from '../model/llm-usage.js';
import type { AssertionResult, RunResult } from '../model/result.js';

function judgeAssertions(result: RunResult): AssertionResult[] {
  const out: AssertionResult[] = [];
  for (const c of result.conversations) {
    for (const t of c.turns) for (const a of t.assertions) if (a.matcher === 'judge') out.push(a);
    for (const a of c.assertions) if (a.matcher === 'judge') out.push(a);
  }
  return out;
}

function usageText(u: LlmUsageTotals): string {
  const cost = u.estCostUsd !== undefined ? `, est. $${u.estCostUsd.toFixed(4)}` : '';
  return (
    `${u.calls} calls (${u.cacheHits} cached), ${u.errors} errors, ` +
    `${u.inputTokens.toLocaleString('en-US')} input / ${u.outputTokens.toLocaleString('en-US')} output tokens${cost}`
  );
}

/** Nothing when the run had no judge expectations and made no LLM calls. */
export function llmSummaryLines(result: RunResult): string[] {
  const judged = judgeAssertions(result);
  const lines: string[] = [];
  if (judged.length) {
    const count = (s: AssertionResult['status']) => judged.filter((a) => a.status === s).length;
    const skipReasons = [...new Set(judged.filter((a) => a.status === 'skipped').map((a) => a.message))];
    const skipped = skipReasons.length ? ` (${skipReasons.join('; ')})` : '';
    lines.push(
      `Judge expectations: ${count('passed')} passed, ${count('failed')} failed, ${count('error')} error, ` +
        `${count('skipped')} skipped${skipped}`,
    );
  }
  if (result.llmUsage?.judge) lines.push(`Judge usage: ${usageText(result.llmUsage.judge)}`);
  if (result.llmUsage?.user) lines.push(`Simulated user usage: ${usageText(result.llmUsage.user)}`);
  return lines;
}

/** JUnit <properties> of the run's LLM usage, e.g. `cxas-eval.judge.calls`. */
export function llmProperties(result: RunResult): Array<[string, string]> {
  const props: Array<[string, string]> = [];
  for (const [purpose, u] of Object.entries(result.llmUsage ?? {})) {
    if (!u) continue;
    for (const [key, value] of Object.entries(u)) props.push([`cxas-eval.${purpose}.${key}`, String(value)]);
  }
  return props;
}
