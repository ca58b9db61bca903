// `cxas-eval run [paths..]`: load specs, run them against CES or the bundled emulator, report.
import type { Command } from 'commander';
import type { RunFlags } from './run-flags.js';
import { appOptions, collect, exitCodeAction, reportOptions } from './command-options.js';

export function registerRun(program: Command): void {
  const run = program
    .command('run')
    .description('run conversation specs against an app (or the bundled emulator) and write reports')
    .argument('[paths...]', 'spec files or directories (default: config `specs`, else specs/)');
  appOptions(run, 'local servers only')
    .option(
      '--ws-endpoint <url>',
      'WebSocket bridge for audio with --endpoint: ws://HOST:PORT (the emulator\'s "ws" line) or wss://HOST',
    )
    .option('--api-version <v>', 'v1 or v1beta')
    .option('--emulator <app.yaml>', 'serve this emulator app in-process and run against it')
    .option('--concurrency <n>', 'conversations in flight at most')
    .option('--retries <n>', 'retries per conversation on transient errors, each in a fresh session')
    .option('--repeat <n>', 'run every conversation n times')
    .option(
      '--grep <pattern>',
      'only conversations whose "file › name" matches: /re/flags, or a substring (any case); repeatable: any of them',
      collect,
    )
    .option(
      '--grep-invert <pattern>',
      'leave out conversations whose "file › name" matches (/re/flags or substring); repeatable: any of them',
      collect,
    )
    .option('--list', 'print the selected conversations with file:line and exit without running them')
    .option(
      '--last-failed [run]',
      'only conversations that failed or errored in the previous results.json (or in <run>: file, @latest, @N, run id)',
    )
    .option(
      '--watch',
      're-run on changes to the specs or the emulator app; keys a (all), f (failed), u (update goldens), q (quit)',
    )
    .option('--tag <tag>', 'only conversations with this tag (repeatable)', collect)
    .option('--exclude-tag <tag>', 'skip conversations with this tag (repeatable)', collect)
    .option('--shard <i/n>', 'run the i-th of n deterministic shards')
    .option('--max-failures <n>', 'stop scheduling after n failed or errored conversations')
    .option('--timeout <ms>', 'deadline of each request of a turn in ms (default 30000)')
    .option('--goldens <dir>', 'compare every conversation with its golden transcript in dir')
    .option('--update-goldens', 'record each conversation transcript under goldens/ (or --goldens dir)')
    .option('--force', 'allow --update-goldens when CI is set');
  reportOptions(run)
    .option('--no-judge', 'report judge expectations as skipped instead of asking the LLM judge')
    .option('--no-cache', 'ask the LLM judge again instead of reading its disk cache')
    .option('--judge-stability <n>', 'after the run, judge each judged transcript n times: flip rate per criterion')
    .option('--fail-on-skipped', 'count skipped conversations and expectations as failures (CI)')
    .option('--replay <run>', "serve a stored run's agent replies instead of calling the agent (file, @latest, @N, id)")
    .option('--no-history', 'do not keep this run in the run history (.cxas-eval/runs)')
    .option('--no-coverage', "do not list the app's inventory nor compute coverage")
    .option('--min-coverage <shares>', 'exit 1 below these covered shares, e.g. tools=0.9,agents=1')
    .option('--baseline <run>', 'compare this run with a stored one at the end (file, report dir, @latest, @N, run id)')
    .option('--fail-on-regression', 'with --baseline or --versions: exit 1 when the suite or a conversation regressed')
    .option(
      '--versions <A,B>',
      'run against two versions side by side and compare B with A (emulator app files, or deployments)',
    )
    .action(
      exitCodeAction(async (paths: string[], flags: RunFlags) =>
        (await import('./run-command.js')).runCommand(paths, flags),
      ),
    );
}
