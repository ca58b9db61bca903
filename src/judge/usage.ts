// Per-run accounting of LLM calls: each call's record and the totals per purpose (judge, user).
import { addCall, emptyUsage, type LlmCallRecord, type LlmPricing, type LlmUsageTotals } from '../model/llm-usage.js';

export class UsageLedger {
  private readonly totals = new Map<string, LlmUsageTotals>();

  constructor(private readonly pricing?: LlmPricing) {}

  add(call: LlmCallRecord): void {
    let t = this.totals.get(call.purpose);
    if (!t) {
      t = emptyUsage();
      if (this.pricing) t.estCostUsd = 0;
      this.totals.set(call.purpose, t);
    }
    addCall(t, call, this.pricing);
  }

  /** Totals per purpose, e.g. `{ judge: {...} }`; purposes never called are absent. */
  snapshot(): Record<string, LlmUsageTotals> {
    return Object.fromEntries([...this.totals].map(([k, v]) => [k, { ...v }]));
  }
}
