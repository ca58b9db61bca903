// The work of `cxas-eval compare`: resolve both runs, compare them (src/compare), print the chosen
// renderings, and turn a regression into exit 1 when asked to.
import { appendFile } from 'node:fs/promises';
import type { ComparisonSettings, RunComparison } from '../model/comparison.js';
import { compareRuns, ComparisonInputError, hasRegression } from '../compare/index.js';
import { comparisonAnnotations, comparisonSummary, comparisonText } from '../reporters/index.js';
import type { CompareFlags } from './compare.js';
import { CliError, EXIT } from './exit-codes.js';
import { choiceOption, fractionOption, intOption } from './option-values.js';
import { historyDirOf, resolveRunArgument } from '../library/index.js';
import { loadConfig } from '../runner/index.js';

const RENDERINGS = ['console', 'json', 'github'] as const;
type Rendering = (typeof RENDERINGS)[number];

/**
 * Fewer bootstrap resamples than this give a percentile interval that is not one: with 1 resample
 * the "interval" is a single resampled mean, which need not even contain the estimate, and with a
 * few dozen the 2.5% tail holds one value or none (Efron & Tibshirani 1993 advise about 1,000 for
 * percentile intervals).
 */
const MIN_RESAMPLES = 1000;

function resamplesOption(value: string | undefined): number | undefined {
  const n = intOption('--resamples', value, 1, 10_000_000);
  if (n !== undefined && n < MIN_RESAMPLES) {
    throw new CliError(
      `--resamples must be at least ${MIN_RESAMPLES}, got "${value}": a percentile interval needs enough ` +
        'resamples in its tails (fewer give a point, or an interval that may not contain the estimate)',
      EXIT.usage,
    );
  }
  return n;
}

function comparisonSettings(flags: Partial<CompareFlags>): Partial<ComparisonSettings> {
  const { mde } = flags;
  const settings: Partial<ComparisonSettings> = {
    alpha: fractionOption('--alpha', flags.alpha),
    power: fractionOption('--power', flags.power),
    mde: fractionOption('--mde', mde),
    confidence: fractionOption('--confidence', flags.confidence),
    resamples: resamplesOption(flags.resamples),
    seed: intOption('--seed', flags.seed, 0, 2 ** 31 - 1),
  };
  return Object.fromEntries(Object.entries(settings).filter(([, v]) => v !== undefined));
}

function renderings(value: string): Rendering[] {
  const names = value
    .split(',')
    .map((n) => n.trim())
    .filter(Boolean);
  return [...new Set(names.map((n) => choiceOption('--reporter', n, RENDERINGS)))];
}

/**
 * In GitHub Actions the step summary goes to $GITHUB_STEP_SUMMARY; annotations to `out`: stdout,
 * unless the JSON is there (Actions reads workflow commands from stderr as well).
 */
async function writeGithub(
  comparison: RunComparison,
  out: NodeJS.WritableStream,
  env: NodeJS.ProcessEnv = process.env,
): Promise<void> {
  const annotations = comparisonAnnotations(comparison);
  if (annotations.length) out.write(`${annotations.join('\n')}\n`);
  if (env.GITHUB_STEP_SUMMARY) await appendFile(env.GITHUB_STEP_SUMMARY, comparisonSummary(comparison));
}

/** `-c FILE`: its `history.dir` (else the default) is where `@latest`, `@N` and run ids are found. */
async function configuredHistoryDir(cwd: string, file: string): Promise<string> {
  const { config, errors } = await loadConfig({ cwd, file });
  if (errors.length) throw new CliError(errors[0]!.message, EXIT.usage);
  return historyDirOf(config, cwd);
}

export async function compareCommand(baseArg: string, headArg: string, flags: CompareFlags): Promise<number> {
  const chosen = renderings(flags.reporter);
  const settings = comparisonSettings(flags);
  const cwd = process.cwd();
  const refs = { cwd, ...(flags.config ? { historyDir: await configuredHistoryDir(cwd, flags.config) } : {}) };
  const [base, head] = await Promise.all([resolveRunArgument(baseArg, refs), resolveRunArgument(headArg, refs)]);
  let comparison: RunComparison;
  try {
    comparison = compareRuns(base, head, { settings });
  } catch (err) {
    if (err instanceof ComparisonInputError) throw new CliError(`compare: ${err.message}`, EXIT.usage);
    throw err;
  }
  // stdout holds the JSON alone when it is chosen, so it parses whole: the rest goes to stderr then.
  const json = chosen.includes('json');
  const others = json ? process.stderr : process.stdout;
  if (json) process.stdout.write(`${JSON.stringify(comparison, null, 2)}\n`);
  if (chosen.includes('console')) others.write(comparisonText(comparison, { all: flags.all ?? false }));
  if (chosen.includes('github')) await writeGithub(comparison, others);
  return flags.failOnRegression && hasRegression(comparison) ? EXIT.failed : EXIT.ok;
}
