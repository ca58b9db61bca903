// The one way every command names a stored run (shared by rescore, run --replay, runs, compare):
// a results file, a report directory holding one, or a history reference — `@latest`, `@previous`,
// `@N` (N runs before the latest: `@0` is the latest) or a prefix of a run id (README "Run history").
import { stat } from 'node:fs/promises';
import * as path from 'node:path';
import type { RunResult } from '../model/result.js';
import { loadRunResult, ReportInputError } from '../reporters/index.js';
import { loadConfig } from '../runner/index.js';
import { EXIT } from '../model/exit-codes.js';
import { RunInputError } from './errors.js';
import { readHistory, storedRunFile, type HistoryEntry } from './history.js';
import { historyDirOf } from './run-options.js';

export interface ResolvedRun {
  /** The file the run was read from. */
  path: string;
  result: RunResult;
  /** How to name it to the user: the path as given, or `@0 (run 1a2b3c4d…, <date>)`. */
  label: string;
  /** The report directory the run wrote (its WAVs are relative to it): the file's, or the one the history noted. */
  reportDir: string;
}

export interface RunRefOptions {
  cwd: string;
  /** The history directory; default: config `history.dir`, else `.cxas-eval/runs`. */
  historyDir?: string;
}

export async function resolveRunArgument(arg: string, options: RunRefOptions): Promise<ResolvedRun> {
  const file = await resultsFileAt(path.resolve(options.cwd, arg));
  if (file) return { path: file, result: await load(file), label: arg, reportDir: path.dirname(file) };
  // A path that is not there is a missing file, not a run id to look up.
  if (/[\\/]/.test(arg) || arg.endsWith('.json')) throw new RunInputError(`${arg}: not found`, EXIT.usage);
  const dir = options.historyDir ?? (await configuredHistoryDir(options.cwd));
  const { entry, position } = await historyEntry(arg, dir);
  const stored = await storedRunFile(dir, entry);
  const when = entry.startedAt.slice(0, 16).replace('T', ' ');
  // A plain copy can be compressed and removed between finding it and reading it: look once more.
  const result = await load(stored).catch(async (err: unknown) => {
    const again = await storedRunFile(dir, entry);
    if (again === stored) throw err;
    return load(again);
  });
  const reportDir = path.resolve(dir, entry.reportDir ?? '.');
  return { path: stored, result, label: `@${position} (run ${entry.runId.slice(0, 8)}, ${when})`, reportDir };
}

/** A results file, or the results.json of a report directory; undefined when nothing is there. */
async function resultsFileAt(abs: string): Promise<string | undefined> {
  const found = await stat(abs).catch(() => undefined);
  if (!found) return undefined;
  return found.isDirectory() ? path.join(abs, 'results.json') : abs;
}

async function load(file: string): Promise<RunResult> {
  try {
    return await loadRunResult(file);
  } catch (err) {
    if (err instanceof ReportInputError) throw new RunInputError(err.message, EXIT.usage);
    throw err;
  }
}

async function configuredHistoryDir(cwd: string): Promise<string> {
  const { config } = await loadConfig({ cwd });
  return historyDirOf(config, cwd);
}

const NAMED: Record<string, number> = { '@latest': 0, '@previous': 1 };

/** The entry `ref` names, and its position counted back from the latest (0). */
async function historyEntry(ref: string, dir: string): Promise<{ entry: HistoryEntry; position: number }> {
  let runs: HistoryEntry[];
  try {
    runs = (await readHistory(dir)).slice().reverse();
  } catch (err) {
    throw new RunInputError((err as Error).message, EXIT.usage);
  }
  const position = NAMED[ref] ?? (/^@\d+$/.test(ref) ? Number(ref.slice(1)) : undefined);
  if (position !== undefined) {
    const entry = runs[position];
    if (!entry) {
      const have = runs.length === 0 ? 'no runs are stored' : `only ${runs.length} run(s) are stored`;
      throw new RunInputError(`${ref}: ${have} in ${dir}`, EXIT.usage);
    }
    return { entry, position };
  }
  if (ref.startsWith('@'))
    throw new RunInputError(`${ref}: not a run reference (use @latest, @previous, @N or a run id prefix)`, EXIT.usage);
  const matches = runs.flatMap((entry, i) =>
    entry.runId.startsWith(ref.toLowerCase()) ? [{ entry, position: i }] : [],
  );
  if (matches.length === 1) return matches[0]!;
  if (matches.length > 1) {
    const ids = matches.map((m) => m.entry.runId.slice(0, 12)).join(', ');
    throw new RunInputError(
      `${ref}: matches ${matches.length} stored runs (${ids}); give more of the run id`,
      EXIT.usage,
    );
  }
  throw new RunInputError(`${ref}: no such file, and no stored run id in ${dir} starts with it`, EXIT.usage);
}
