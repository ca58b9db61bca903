// The work of `cxas-eval runs`: one line per stored run, newest first, numbered as `@N` names them.
import * as path from 'node:path';
import { loadConfig } from '../runner/index.js';
import { CliError, EXIT } from './exit-codes.js';
import { DEFAULT_HISTORY, readHistory, type HistoryEntry } from '../library/index.js';
import { intOption } from './option-values.js';
import { shortName } from '../model/inventory.js';
import { passRateOf } from '../model/summary.js';

export async function listRuns(flags: { config?: string; limit: string }): Promise<number> {
  const cwd = process.cwd();
  const { config, errors } = await loadConfig({ cwd, ...(flags.config ? { file: flags.config } : {}) });
  if (errors.length) throw new CliError(errors[0]!.message, EXIT.usage);
  const limit = intOption('--limit', flags.limit, 1) ?? 20;
  const dir = path.resolve(cwd, config.history?.dir ?? DEFAULT_HISTORY.dir);
  let runs: HistoryEntry[];
  try {
    runs = (await readHistory(dir)).slice().reverse();
  } catch (err) {
    throw new CliError((err as Error).message, EXIT.usage);
  }
  if (runs.length === 0) {
    process.stdout.write(`No runs stored in ${path.relative(cwd, dir) || '.'} yet.\n`);
    return EXIT.ok;
  }
  const rows = runs.slice(0, limit).map((r, i) => runRow(r, i));
  process.stdout.write(`${table([HEADER, ...rows])}\n`);
  if (runs.length > limit) process.stdout.write(`(${runs.length - limit} older run(s) not shown; --limit)\n`);
  return EXIT.ok;
}

const HEADER = [
  'ref',
  'run id',
  'date',
  'target',
  'version',
  'commit',
  'status',
  'passed/failed/error/skipped',
  'pass rate',
  'duration',
];

function runRow(r: HistoryEntry, i: number): string[] {
  const s = r.summary;
  const commit = r.commit ? `${r.commit.slice(0, 8)}${r.dirty ? '+dirty' : ''}` : '-';
  return [
    `@${i}`,
    r.runId.slice(0, 8),
    r.startedAt.slice(0, 19).replace('T', ' '),
    shortApp(r.app) + (r.from ? ` (${r.from.slice(0, r.from.indexOf(' from'))})` : ''),
    r.version ?? '-',
    commit,
    r.status,
    `${s.passed}/${s.failed}/${s.error}/${s.skipped}`,
    // From the counts: an entry written before schema 7 holds a rate that counted interrupted runs.
    formatRate(passRateOf(s)),
    `${(r.durationMs / 1000).toFixed(1)}s`,
  ];
}

/** A rate of nothing (no run counted) is `-`, like any figure the run does not have. */
function formatRate(rate: number | null): string {
  return rate === null ? '-' : `${(rate * 100).toFixed(1)}%`;
}

/** `projects/p/locations/l/apps/a` → `a`; the full name is in results.json. */
function shortApp(app: string | undefined): string {
  return app ? shortName(app) : '-';
}

function table(rows: string[][]): string {
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => r[c]!.length)));
  return rows
    .map((r) =>
      r
        .map((cell, c) => cell.padEnd(widths[c]!))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}
