// Golden output of the console: a mismatch as a unified diff (`-` golden, `+` this run), and what
// `--update-goldens` wrote.
import type pc from 'picocolors';
import { structuredPatch } from 'diff';
import type { ConversationResult, GoldenTurnDiff, RunResult } from '../model/result.js';

type Colors = ReturnType<typeof pc.createColors>;

function hunkLines(d: GoldenTurnDiff, colors: Colors): string[] {
  if (d.field === 'turnCount')
    return [colors.cyan(`@@ turn count @@`), colors.red(`- ${d.expected} turns`), colors.green(`+ ${d.actual} turns`)];
  const patch = structuredPatch('golden', 'this run', `${d.expected}\n`, `${d.actual}\n`, '', '', { context: 2 });
  const body = patch.hunks
    .flatMap((h) => h.lines)
    .map((line) => {
      const text = `${line[0]} ${line.slice(1)}`;
      if (line.startsWith('-')) return colors.red(text);
      return line.startsWith('+') ? colors.green(text) : colors.dim(text);
    });
  return [colors.cyan(`@@ turn ${d.turn + 1} ${d.field} @@`), ...body.filter((l) => !l.includes('\\ No newline'))];
}

/** The diff of one conversation's golden mismatch; empty when its golden matched. */
export function goldenDiffLines(c: ConversationResult, colors: Colors): string[] {
  const g = c.golden;
  if (!g || g.status !== 'mismatched') return [];
  return [
    colors.red(`--- golden ${g.file}`),
    colors.green('+++ this run'),
    ...g.diffs.flatMap((d) => hunkLines(d, colors)),
  ];
}

/** The same difference across repeats is one story: print it for the first run only. */
export function goldenKey(c: ConversationResult): string | undefined {
  return c.golden?.status === 'mismatched' ? `${c.specId}\n${JSON.stringify(c.golden.diffs)}` : undefined;
}

/** After `--update-goldens`: what was written, updated or left unchanged. */
export function goldenUpdateLines(result: RunResult, colors: Colors): string[] {
  const recorded = result.conversations.filter((c) => c.golden?.status === 'recorded');
  const unchanged = result.conversations.filter((c) => c.golden?.status === 'unchanged').length;
  if (recorded.length === 0 && unchanged === 0) return [];
  const isNew = (c: ConversationResult) => c.golden?.changes?.[0] === 'new golden';
  const created = recorded.filter(isNew);
  const updated = recorded.filter((c) => !isNew(c));
  const lines = [
    ...created.map((c) => colors.green(`  + ${c.golden!.file} (new)`)),
    ...updated.flatMap((c) => [
      colors.yellow(`  ~ ${c.golden!.file} (updated)`),
      ...(c.golden!.changes ?? []).map((l) => `      ${l}`),
    ]),
  ];
  return [`Goldens: ${created.length} written, ${updated.length} updated, ${unchanged} unchanged`, ...lines, ''];
}

/** Golden files nothing compared: obsolete ones, those removed, those nothing asked to compare. */
export function goldenFilesLines(result: RunResult, colors: Colors): string[] {
  const g = result.goldens;
  if (!g) return [];
  const section = (title: string, files: string[], paint: (s: string) => string): string[] =>
    files.length ? [paint(`${title} (${files.length}):`), ...files.map((f) => `  - ${f}`)] : [];
  const lines = [
    ...section(
      'Obsolete goldens, no conversation maps to them (--update-goldens removes them)',
      g.obsolete,
      colors.yellow,
    ),
    ...section('Obsolete goldens removed', g.removed, colors.yellow),
    ...section(
      'Goldens not compared, nothing asked (pass --goldens DIR, set golden: in the config, ' +
        'or golden: true on the conversation)',
      g.notCompared,
      colors.yellow,
    ),
  ];
  return lines.length ? [...lines, ''] : [];
}
