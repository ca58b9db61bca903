// `cxas-eval platform push|run|pull`: the same specs as evaluations on CES (v1beta EvaluationService).
import type { Command } from 'commander';
import type { PlatformFlags } from './platform-command.js';
import { appOptions, collect, exitCodeAction, reportOptions } from './command-options.js';

const PLAINTEXT_FOR = 'local servers such as `cxas-eval emulator` only';
const TAG = ['--tag <tag>', 'only evaluations with this tag (repeatable)'] as const;
/** The subcommands' work loads only when one runs: `--help` stays fast. */
const commands = () => import('./platform-command.js');

export function registerPlatform(program: Command): void {
  const platform = program
    .command('platform')
    .description('run specs on CES itself: push them as evaluations, run them server-side, pull them back');
  appOptions(platform.command('push'), PLAINTEXT_FOR)
    .description('create or update one evaluation per conversation the platform can check exactly (idempotent)')
    .argument('[paths...]', 'spec files or directories (default: config `specs`, else specs/)')
    .option('--strict', 'push nothing when any conversation cannot be carried exactly')
    .option('--lossy', 'push refused conversations anyway, with what is lost written into their description')
    .option('--dry-run', 'print what would change, with each construct carried or refused, and change nothing')
    .option('--timeout <duration>', 'give up after this long, every platform call included (e.g. 2m, 90s)')
    .action(
      exitCodeAction(async (paths: string[], flags: PlatformFlags) => (await commands()).pushCommand(paths, flags)),
    );
  const run = appOptions(platform.command('run'), PLAINTEXT_FOR)
    .description('run evaluations on the platform and report their results like a local run')
    .argument('[paths...]', 'run the evaluations pushed from these specs (default: every evaluation of the app)')
    .option(...TAG, collect)
    .option('--run-count <n>', 'runs per evaluation (platform default: 1 per golden, 5 per scenario)')
    .option('--golden-run-method <m>', 'stable or naive')
    .option('--tool-calls <mode>', 'fake or real')
    .option('--lossy', 'also run evaluations that miss what push could not carry (pushed with --lossy)')
    .option('--wait', 'wait for the run and report its results (otherwise print the operation and exit)')
    .option('--timeout <duration>', 'give up after this long, every call included (e.g. 15m, 90s; default 15m)')
    .option('--poll-interval <ms>', 'first wait between polls, doubling up to 15 s (default 1000)');
  reportOptions(run).action(
    exitCodeAction(async (paths: string[], flags: PlatformFlags) =>
      (await commands()).runPlatformCommand(paths, flags),
    ),
  );
  appOptions(platform.command('pull'), PLAINTEXT_FOR)
    .description("write the app's golden evaluations as native spec files")
    .option(...TAG, collect)
    .option('--output-dir <dir>', 'where the spec files go, at their original spec paths (default pulled)')
    .option('--force', 'replace existing files that differ from what is pulled (refused otherwise)')
    .option('--timeout <duration>', 'give up after this long, every platform call included (e.g. 2m, 90s)')
    .action(exitCodeAction(async (flags: PlatformFlags) => (await commands()).pullCommand(flags)));
}
