// The coverage line of the console (list, the `coverage` command): `coverage: agents 3/3 · tools 7/9 ·
// transfers 2/4 · variables 5/6`, toolsets only when the app has some, routes only for an emulator
// app; the reason when unavailable.
import type { CoverageBlock, CoverageCategory, RunCoverage } from '../model/coverage.js';
import { categoriesOf, isCoverageUnavailable } from '../model/coverage.js';

/** Every category with figures, toolsets only when the app has some. */
function shown(coverage: RunCoverage): ReturnType<typeof categoriesOf> {
  return categoriesOf(coverage).filter(([name, cat]) => name !== 'toolsets' || cat.total > 0);
}

function figure(cat: CoverageCategory): string {
  return `${cat.covered}/${cat.total}`;
}

export function coverageLine(block: CoverageBlock): string {
  if (isCoverageUnavailable(block)) return `coverage: not computed: ${block.unavailable}`;
  const parts = shown(block).map(([name, cat]) => `${name} ${figure(cat)}`);
  return `coverage: ${parts.join(' · ')}`;
}

/** Below the line: what was never exercised, and what the run did that the app does not list. */
export function coverageDetailLines(coverage: RunCoverage): string[] {
  const lines: string[] = [];
  for (const [name, cat] of categoriesOf(coverage)) {
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
