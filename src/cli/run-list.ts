// `run --list`: the conversations and tool tests a run would run, with where each is written (under
// --shard, this shard's: tool tests all run on shard 1); runs nothing.
import { planRuns, type PlanOptions } from '../runner/index.js';
import type { SpecFile } from '../model/spec.js';
import { emptyShardNote, toolTestsOfRun } from '../library/index.js';
import { formatLocation } from '../model/location.js';

export function listLines(files: readonly SpecFile[], plan: PlanOptions): string[] {
  const { runs, selected } = planRuns(files, plan);
  const specs = [...new Map(runs.map((r) => [r.spec.id, r.spec])).values()];
  const lines = specs.map((s) => {
    const tags = s.tags.length ? ` [${s.tags.join(', ')}]` : '';
    const repeat = s.repeat > 1 ? ` ×${s.repeat}` : '';
    return `  ${formatLocation(s.loc ?? { file: s.file, line: 1, col: 1 })} › ${s.name}${tags}${repeat}`;
  });
  const tools = toolTestsOfRun(files, plan, plan);
  const toolLines = tools.map(
    (t) =>
      `  ${formatLocation(t.loc ?? { file: t.file, line: 1, col: 1 })} › ${t.name} ` +
      `[tool test${t.tags.length ? `; ${t.tags.join(', ')}` : ''}]`,
  );
  // The files the listed conversations and tool tests are written in.
  const fileCount = new Set([...specs, ...tools].map((s) => s.file)).size;
  const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
  const runCount = runs.length !== specs.length ? ` (${plural(runs.length, 'run')})` : '';
  const toolCount = tools.length ? ` and ${plural(tools.length, 'tool test')}` : '';
  const empty = runs.length + tools.length === 0 ? emptyShardNote(files, plan, selected) : undefined;
  return [
    ...lines,
    ...toolLines,
    `${plural(specs.length, 'conversation')}${runCount}${toolCount} in ${plural(fileCount, 'file')}`,
    ...(empty ? [empty] : []),
  ];
}
