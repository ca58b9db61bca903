// `cxas-eval platform push|run|pull`: the same specs as evaluations on CES (v1beta EvaluationService).
import type { Command } from 'commander';
import type { PlatformFlags } from './platform-command.js';

const collect = (v: string, prev: string[] = []): string[] => [...prev, v];

function common(cmd: Command): Command {
  return cmd
    .option('-c, --config <file>', 'config file (default: cxas-eval.config.yaml)')
    .option('--app <name>', 'app resource name projects/../locations/../apps/..')
    .option('--endpoint <host:port>', 'CES endpoint (default ces.googleapis.com:443)')
    .option('--insecure', 'plaintext channel without auth (local servers such as `cxas-eval emulator` only)');
}

export function registerPlatform(program: Command): void {
  const platform = program
    .command('platform')
    .description('run specs on CES itself: push them as evaluations, run them server-side, pull them back');
  common(platform.command('push'))
    .description('create or update one evaluation per scripted conversation (idempotent; update masks)')
    .argument('[paths...]', 'spec files or directories (default: config `specs`, else specs/)')
    .option('--strict', 'refuse to push when an expectation cannot be carried to the platform')
    .option('--dry-run', 'print what would change and change nothing')
    .action(async (paths: string[], flags: PlatformFlags) => {
      const { pushCommand } = await import('./platform-command.js');
      process.exitCode = await pushCommand(paths, flags);
    });
  common(platform.command('run'))
    .description('run evaluations on the platform and report their results like a local run')
    .argument('[paths...]', 'run the evaluations pushed from these specs (default: every evaluation of the app)')
    .option('--tag <tag>', 'only evaluations with this tag (repeatable)', collect)
    .option('--run-count <n>', 'runs per evaluation (platform default: 1 per golden, 5 per scenario)')
    .option('--golden-run-method <m>', 'stable or naive')
    .option('--tool-calls <mode>', 'fake or real')
    .option('--wait', 'wait for the run and report its results (otherwise print the operation and exit)')
    .option('--timeout <duration>', 'with --wait: give up after this long (e.g. 15m, 90s; default 15m)')
    .option('--poll-interval <ms>', 'first wait between polls, doubling up to 15 s (default 1000)')
    .option('--reporter <names>', 'list,json,junit,html,github (repeatable or comma-separated)', collect)
    .option('--output-dir <dir>', 'where reports go (default reports)')
    .action(async (paths: string[], flags: PlatformFlags) => {
      const { runPlatformCommand } = await import('./platform-command.js');
      process.exitCode = await runPlatformCommand(paths, flags);
    });
  common(platform.command('pull'))
    .description("write the app's golden evaluations as native spec files")
    .option('--tag <tag>', 'only evaluations with this tag (repeatable)', collect)
    .option('--output-dir <dir>', 'where the spec files go, at their original spec paths (default pulled)')
    .action(async (flags: PlatformFlags) => {
      const { pullCommand } = await import('./platform-command.js');
      process.exitCode = await pullCommand(flags);
    });
}
