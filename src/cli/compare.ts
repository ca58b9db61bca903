// `cxas-eval compare <base> <head>`: registration only; the work is in compare-command.ts.
import type { Command } from 'commander';
import { exitCodeAction } from './command-options.js';

export function registerCompare(program: Command): void {
  program
    .command('compare')
    .description('compare two runs with statistics: did the head get better or worse than the base, beyond noise?')
    .argument('<base>', 'the earlier run: a results.json, a report directory or a history reference')
    .argument('<head>', 'the later run, likewise')
    .option('--reporter <names>', 'console, json (every figure, on stdout), github (comma-separated)', 'console')
    .option('--alpha <p>', 'significance level', '0.05')
    .option('--power <p>', 'power for the minimum detectable change', '0.8')
    .option('--mde <change>', 'the change worth detecting (pass-rate points, 0.1 = 10 points)', '0.1')
    .option('--confidence <level>', 'confidence level of the intervals', '0.95')
    .option('--resamples <n>', 'bootstrap resamples (at least 1000)', '10000')
    .option('--seed <n>', 'bootstrap seed (same seed, same interval)', '1')
    .option('--fail-on-regression', 'exit 1 when the suite or any conversation regressed at --alpha')
    .option('--all', 'list every conversation in the console, not only the changed and flipped ones')
    .option(
      '-c, --config <file>',
      'config file whose history.dir holds @latest, @N, run ids (default cxas-eval.config.yaml)',
    )
    .action(
      exitCodeAction(async (base: string, head: string, flags: CompareFlags) => {
        const { compareCommand } = await import('./compare-command.js');
        return compareCommand(base, head, flags);
      }),
    );
}

export interface CompareFlags {
  reporter: string;
  alpha: string;
  power: string;
  mde: string;
  confidence: string;
  resamples: string;
  seed: string;
  failOnRegression?: boolean;
  all?: boolean;
  config?: string;
}
