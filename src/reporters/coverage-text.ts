// The coverage line of the console (list, the `coverage` command): `coverage: agents 3/3 · tools 7/9 ·
// transfers 2/4 · variables 5/6`, toolsets only when the app has some; the reason when unavailable.
import type { CoverageBlock, CoverageCategory, RunCoverage } from '../model/coverage.js';
import { isCoverageUnavailable } from '../model/coverage.js';

const SHOWN = ['agents', 'tools', 'toolsets', 'transfers', 'variables'] as const;

function figure(cat: CoverageCategory): string {
  return `${cat.covered}/${cat.total}`;
}

export function coverageLine(block: CoverageBlock): string {
  if (isCoverageUnavailable(block)) return `coverage: not computed: ${block.unavailable}`;
  const parts = SHOWN.filter((name) => name !== 'toolsets' || block.toolsets.total > 0).map(
    (name) => `${name} ${figure(block[name])}`,
  );
  return `coverage: ${parts.join(' · ')}`;
}

/** Below the line: what was never exercised, and what the run did that the app does not list. */
export function coverageDetailLines(coverage: RunCoverage): string[] {
  const lines: string[] = [];
  for (const name of SHOWN) {
    const cat = coverage[name];
    const missing = cat.items.filter((i) => !i.covered).map((i) => i.name);
    if (missing.length) lines.push(`  not exercised ${name}: ${missing.join(', ')}`);
    if (cat.unlisted.length)
      lines.push(`  not in the app's ${name}, yet exercised: ${cat.unlisted.map((i) => i.name).join(', ')}`);
  }
  const guardrails = coverage.inventory.guardrails.length;
  if (guardrails)
    lines.push(`  guardrails: ${guardrails} in the app (the session output does not say when one applies)`);
  return lines;
}
