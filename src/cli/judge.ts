// `cxas-eval judge calibrate [labels..]`: registration only; the work is in calibrate-command.ts.
import type { Command } from 'commander';
import { exitCodeAction } from './command-options.js';

export function registerJudge(program: Command): void {
  const judge = program.command('judge').description('check the LLM judge itself');
  judge
    .command('calibrate')
    .description(
      'run the configured judge on human-labelled examples: agreement, Cohen κ with a 95% CI, ' +
        'balanced accuracy, confusion matrix and each disagreement, per criterion; stored for the run gate',
    )
    .argument('<labels...>', 'label files (YAML, schemas/labels.schema.json)')
    .option('-c, --config <file>', 'config file (default: cxas-eval.config.yaml)')
    .option('--stability <n>', 'judge each transcript n times (distinct sample indexes): flip rate per criterion')
    .option('--reporter <names>', 'console, json, html (comma-separated)', 'console')
    .option('--output-dir <dir>', 'where calibration.json and calibration.html go', 'reports')
    .option('--resamples <n>', 'bootstrap resamples of the κ interval (its Wilson part needs none)', '2000')
    .option('--seed <n>', 'bootstrap seed (same seed, same interval)', '1')
    .option('--no-cache', 'ask the judge again instead of reusing cached verdicts')
    .option('--no-store', 'do not store the calibration (the run gate will not see it)')
    .action(
      exitCodeAction(async (labels: string[], flags: CalibrateFlags) => {
        const { calibrateCommand } = await import('./calibrate-command.js');
        return calibrateCommand(labels, flags);
      }),
    );
}

export interface CalibrateFlags {
  config?: string;
  stability?: string;
  reporter: string;
  outputDir: string;
  resamples: string;
  seed: string;
  cache: boolean;
  store: boolean;
}
