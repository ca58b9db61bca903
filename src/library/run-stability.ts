// `run --judge-stability N` (the library's `judgeStability`): once the run's reports are written,
// every judge verdict of the run is asked again on its own, fixed transcript, N judgments in all
// with distinct sample indexes (the first is the run's own, from the cache), and each criterion's
// flip rate is reported; for a repeated conversation, runs whose transcripts differed (the agent
// varied) are told apart from verdicts that differed on one transcript (the judge varied). Console
// lines (io.out), and judge-stability.json in the output folder, both through the run's redaction
// like every other report (criteria and conversation names may hold what `redact` masks).
// The run's signal stops the re-judging at once: a transcript whose N judgments did not all finish
// is not measured, and said so (a criterion with none measured has no figures: never "stable").
import { mkdir, writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import {
  judgeCriterion,
  judgeExamples,
  renderTranscript,
  type JudgedExample,
  stabilityOf,
  type JudgedItem,
  type JudgeSetup,
  type TranscriptTurn,
} from '../judge/index.js';
import { defuseCommands, escapeLineBreaks } from '../reporters/index.js';
import type { CriterionStability } from '../model/calibration.js';
import type { Redactor } from '../model/redact.js';
import type { ConversationResult, RunResult } from '../model/result.js';
import type { RunIO } from './io.js';

export interface RunStability {
  repeats: number;
  /** The run's signal stopped the re-judging before every judgment was made. */
  stopped?: true;
  /** Figures over the transcripts judged N times; `notMeasured`: how many the stop left out. */
  criteria: Array<{ criterion: string; notMeasured?: number } & CriterionStability>;
  /** Criteria none of whose transcripts was judged N times before the stop: no figures at all. */
  notMeasured?: string[];
}

export async function reportRunStability(
  result: RunResult,
  setup: JudgeSetup,
  repeats: number,
  outputDir: string,
  io: Pick<RunIO, 'out' | 'warn'>,
  redactor: Redactor,
  signal?: AbortSignal,
): Promise<void> {
  if (setup.kind !== 'ready') {
    io.warn(`cxas-eval: --judge-stability: nothing re-judged: ${setup.reason}\n`);
    return;
  }
  const items = result.conversations.flatMap(judgedItems);
  const judged = await judgeExamples(setup.judge, items, repeats, signal);
  const report: RunStability = redactor.model(stabilityReport(judged, repeats));
  // The folder exists only if a file reporter made it (a `--reporter list` run has none).
  await mkdir(outputDir, { recursive: true });
  await writeFile(path.join(outputDir, 'judge-stability.json'), `${JSON.stringify(report, null, 2)}\n`);
  io.out(stabilityText(report));
}

/** Each criterion's figures over its transcripts judged `repeats` times (all of them, unless stopped). */
function stabilityReport(judged: ReadonlyArray<JudgedExample<JudgedItem>>, repeats: number): RunStability {
  const byCriterion = new Map<string, Array<JudgedExample<JudgedItem>>>();
  for (const j of judged) byCriterion.set(j.example.criterion, [...(byCriterion.get(j.example.criterion) ?? []), j]);
  const report: RunStability = { repeats, criteria: [] };
  for (const [criterion, list] of byCriterion) {
    const measured = list.filter((j) => j.notJudged === 0);
    const notMeasured = list.length - measured.length;
    if (notMeasured) report.stopped = true;
    if (measured.length)
      report.criteria.push({
        criterion,
        ...stabilityOf(measured, repeats),
        ...(notMeasured ? { notMeasured } : {}),
      });
    else (report.notMeasured ??= []).push(criterion);
  }
  return report;
}

/** Each judge verdict of a conversation (turn-level ones see the transcript up to their turn). */
function judgedItems(c: ConversationResult): JudgedItem[] {
  const all: TranscriptTurn[] = c.turns.map((t) => ({ inputs: t.inputs, ...(t.result ? { result: t.result } : {}) }));
  const group = c.repeat > 1 ? `${c.name} (${c.file})` : undefined;
  const verdicts = [...c.turns.flatMap((t) => t.assertions), ...c.assertions].filter(
    (a) => a.matcher === 'judge' && (a.status === 'passed' || a.status === 'failed'),
  );
  return verdicts.flatMap((a) => {
    const criterion = a.expected !== undefined ? judgeCriterion(a.expected) : undefined;
    if (!criterion) return [];
    const upto = a.turn !== undefined ? a.turn + 1 : undefined;
    const turns = upto ? all.slice(0, upto) : all;
    return [
      {
        criterion: criterion.prompt,
        turns,
        ...(upto ? { uptoTurn: upto } : {}),
        ...(criterion.samples ? { samples: criterion.samples } : {}),
        transcriptKey: renderTranscript(turns),
        ...(group ? { group } : {}),
      },
    ];
  });
}

function stabilityText(report: RunStability): string {
  const stopped = report.stopped ? ' (stopped: a transcript not judged every time is not measured)' : '';
  const lines = [`judge stability: ${report.repeats} judgments of each judged transcript${stopped}`];
  for (const c of report.criteria) {
    lines.push(
      `  "${escapeLineBreaks(c.criterion)}": flip rate ${(c.flipRate * 100).toFixed(1)}% ` +
        `over ${c.transcripts} transcript(s), ` +
        `${c.unstable} with differing verdicts${c.errors ? `, ${c.errors} judge errors` : ''}` +
        `${c.notMeasured ? `, ${c.notMeasured} transcript(s) not measured` : ''}`,
    );
    for (const r of c.repeated)
      lines.push(
        `    ${escapeLineBreaks(r.conversation)}: ${r.runs} runs, ${r.distinctTranscripts} distinct transcript(s)` +
          `${r.verdictFollowsTranscript ? ', verdicts differ between transcripts (agent variance)' : ''}; ` +
          `${r.sameTranscriptFlips} transcript(s) judged differently (judge variance)`,
      );
  }
  for (const criterion of report.notMeasured ?? [])
    lines.push(`  "${escapeLineBreaks(criterion)}": not measured (stopped before its judgments were made)`);
  // Criteria and names on one line each; no line may start a GitHub workflow command (reporters' one-line.ts).
  return `${defuseCommands(lines.join('\n'))}\n`;
}
