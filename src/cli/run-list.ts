// `run --list`: the conversations a run would select, with where each is written; runs nothing.
import { planRuns, type PlanOptions } from '../runner/index.js';
import type { SpecFile } from '../model/spec.js';
import { selectToolTests } from '../model/selection.js';
import { formatLocation } from '../model/location.js';

export function listLines(files: readonly SpecFile[], plan: PlanOptions): string[] {
  const { runs } = planRuns(files, plan);
  const specs = [...new Map(runs.map((r) => [r.spec.id, r.spec])).values()];
  const lines = specs.map((s) => {
    const tags = s.tags.length ? ` [${s.tags.join(', ')}]` : '';
    const repeat = s.repeat > 1 ? ` ×${s.repeat}` : '';
    return `  ${formatLocation(s.loc ?? { file: s.file, line: 1, col: 1 })} › ${s.name}${tags}${repeat}`;
  });
  const fileCount = new Set(specs.map((s) => s.file)).size;
  const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
  const runCount = runs.length !== specs.length ? ` (${plural(runs.length, 'run')})` : '';
  const tools = selectToolTests(files, plan);
  const toolLines = tools.map(
    (t) =>
      `  ${formatLocation(t.loc ?? { file: t.file, line: 1, col: 1 })} › ${t.name} ` +
      `[tool test${t.tags.length ? `; ${t.tags.join(', ')}` : ''}]`,
  );
  const toolCount = tools.length ? ` and ${plural(tools.length, 'tool test')}` : '';
  return [
    ...lines,
    ...toolLines,
    `${plural(specs.length, 'conversation')}${runCount}${toolCount} in ${plural(fileCount, 'file')}`,
  ];
}
