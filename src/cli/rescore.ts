// `cxas-eval rescore <run> [paths..]`: the current specs evaluated again over a stored run's turn
// results, without calling the agent (README "Rescore").
import type { Command } from 'commander';
import type { RunFlags } from './run-flags.js';
import { collect, exitCodeAction, reportOptions } from './command-options.js';

export function registerRescore(program: Command): void {
  const rescore = program
    .command('rescore')
    .description("evaluate the current specs again over a stored run's agent replies, without calling the agent")
    .argument('<run>', 'results file, report directory, @latest, @previous, @N or a run id prefix')
    .argument('[paths...]', 'spec files or directories (default: config `specs`, else specs/)')
    .option('-c, --config <file>', 'config file (default cxas-eval.config.yaml)')
    .option('--concurrency <n>', 'judge calls in flight at most')
    .option(
      '--grep <pattern>',
      'only conversations whose "file › name" matches: /re/flags, or a substring (any case); repeatable: any of them',
      collect,
    )
    .option('--tag <tag>', 'only conversations with this tag (repeatable)', collect)
    .option('--exclude-tag <tag>', 'skip conversations with this tag (repeatable)', collect)
    .option('--goldens <dir>', 'compare every conversation with its golden transcript in dir');
  reportOptions(rescore)
    .option('--no-judge', 'report judge expectations as skipped instead of asking the LLM judge')
    .option('--no-cache', 'ask the LLM judge again instead of reading its disk cache')
    .option('--fail-on-skipped', 'count skipped conversations and expectations as failures (CI)')
    .option('--no-history', 'do not keep this rescored run in the run history')
    .action(
      exitCodeAction(async (run: string, paths: string[], flags: RunFlags) =>
        (await import('./rescore-command.js')).rescoreCommand(run, paths, flags),
      ),
    );
}
