// `cxas-eval merge-reports <dirs..>`: shards' results.json → one RunResult → every report regenerated.
import * as path from 'node:path';
import type { Command } from 'commander';
import { CliError, EXIT, runExitCode } from './exit-codes.js';
import { ExitCodeError } from '../model/exit-codes.js';
import {
  countedSubject,
  isReporterName,
  mergeRunResults,
  removeReportFiles,
  REPORTER_NAMES,
  simulatorFaultText,
  toleratedText,
  writeReports,
  coverageLine,
} from '../reporters/index.js';
import type { CoverageMinimums } from '../model/coverage.js';
import { Redactor } from '../model/redact.js';
import type { CxasConfig } from '../runner/index.js';
import { copyReferencedAudio, type Shard } from './merge-audio.js';
import { checkShards } from './merge-shards.js';

interface MergeOptions {
  outputDir: string;
  reporter: string;
  config?: string;
  minCoverage?: string;
}

/**
 * Each argument is a report directory, a results file or a history reference (@latest, @previous,
 * @N, a run id prefix), named the way every command names a stored run (src/library/run-ref.ts).
 */
async function loadShards(refs: string[], opts: MergeOptions): Promise<Shard[]> {
  const { historyDirOf, resolveRunArgument } = await import('../library/index.js');
  const historyDir = opts.config ? historyDirOf(await configOf(opts.config), process.cwd()) : undefined;
  try {
    return await Promise.all(
      refs.map(async (ref) => {
        const run = await resolveRunArgument(ref, { cwd: process.cwd(), ...(historyDir ? { historyDir } : {}) });
        // A shard's audio is in the report directory it wrote (for a stored run, the one the history
        // noted); paths in messages read relative to the working directory.
        return { dir: path.relative(process.cwd(), run.reportDir) || '.', result: run.result };
      }),
    );
  } catch (err) {
    if (err instanceof ExitCodeError) throw new CliError(`merge-reports: ${err.message}`, err.exitCode);
    throw err;
  }
}

async function configOf(file: string): Promise<CxasConfig> {
  const { loadConfig } = await import('../runner/index.js');
  const { config, errors } = await loadConfig({ cwd: process.cwd(), file });
  if (errors.length) throw new CliError(errors[0]!.message, EXIT.usage);
  return config;
}

async function mergeReports(dirs: string[], opts: MergeOptions): Promise<void> {
  const names = opts.reporter
    .split(',')
    .map((n) => n.trim())
    .filter(Boolean);
  const unknown = names.find((n) => !isReporterName(n));
  if (unknown)
    throw new CliError(
      `merge-reports: unknown reporter "${unknown}" (expected ${REPORTER_NAMES.join(', ')})`,
      EXIT.usage,
    );
  const shards = await loadShards(dirs, opts);
  const { missing, warnings } = checkShards(shards);
  const minimums = await coverageMinimums(opts);
  // Loaded with the command, as the other commands' work is: every start of the CLI imports this file.
  const { inEndOrder, runEndRevision, withCoverageGate, withRunErrors } = await import('../library/index.js');
  const warn = (message: string): void => void process.stderr.write(`cxas-eval: merge-reports: ${message}\n`);
  for (const w of warnings) warn(w);
  if (missing) warn(missing.message);
  // A missing shard is in every report's verdict; the coverage gate sees the union of the shards
  // given, never one shard's.
  const merged = withCoverageGate(
    withRunErrors(
      mergeRunResults(
        shards.map((s) => s.result),
        warn,
      ),
      missing ? [missing] : [],
    ),
    minimums,
    (line) => process.stderr.write(line),
  );
  const audio = await copyReferencedAudio(shards, opts.outputDir);
  // As run does: a previous merge's reports (a green junit.xml) never stay beside this one's.
  await removeReportFiles(opts.outputDir);
  // A reporter that fails is a run error of the reports written after it (run's rules, run-reporters.ts).
  const written = await writeReports(
    merged,
    inEndOrder(names),
    { outputDir: opts.outputDir, reporters: names },
    runEndRevision(new Redactor([]), []),
  );
  const { files, failures, result: reported } = written;
  const s = reported.summary;
  process.stdout.write(
    `Merged ${dirs.length} shard(s): ${countedSubject(reported)}, ${s.passed} passed, ${s.failed} failed, ` +
      `${s.error} error, ` +
      [
        simulatorFaultText(reported),
        toleratedText(reported),
        `${s.skipped} skipped`,
        s.interrupted > 0 ? `${s.interrupted} interrupted` : '',
      ]
        .filter(Boolean)
        .join(', ') +
      ` · ${reported.status}\n`,
  );
  for (const file of files) process.stdout.write(`  wrote ${file}\n`);
  if (audio) process.stdout.write(`  copied ${audio} audio file(s) the reports link to\n`);
  if (reported.coverage) process.stdout.write(`${coverageLine(reported.coverage)}\n`);
  for (const f of failures) process.stderr.write(`cxas-eval: reporter ${f.reporter} failed in ${f.hook}: ${f.error}\n`);
  // A shard that was interrupted leaves the merged run incomplete, a run that did not pass (1): the
  // signal exit codes (130, 143, 129) belong to the process that was signalled, and the merge was not.
  process.exitCode = runExitCode(reported, failures.length, EXIT.failed);
}

async function coverageMinimums(opts: MergeOptions): Promise<CoverageMinimums> {
  const { loadConfig } = await import('../runner/index.js');
  const { config, errors } = await loadConfig({ cwd: process.cwd(), ...(opts.config ? { file: opts.config } : {}) });
  if (errors.length) throw new CliError(errors.map((e) => e.message).join('\n'));
  const { minimumsOf } = await import('../library/index.js');
  return minimumsOf(opts.minCoverage, config.coverage?.min);
}

export function registerMergeReports(program: Command): void {
  program
    .command('merge-reports')
    .description('Merge the results.json of sharded runs and regenerate every report from it')
    .argument('<runs...>', 'the shards: report directories, results files or stored runs (@latest, @N, run id)')
    .option('-o, --output-dir <dir>', 'where to write the merged reports', 'reports')
    .option('--reporter <names>', `comma-separated reporters (${REPORTER_NAMES.join(', ')})`, 'json,junit,html')
    .option('-c, --config <file>', 'config file for coverage.min (default: cxas-eval.config.yaml)')
    .option('--min-coverage <shares>', "exit 1 below these shares of the shards' union, e.g. tools=0.9,agents=1")
    .action((dirs: string[], opts: MergeOptions) => mergeReports(dirs, opts));
}
