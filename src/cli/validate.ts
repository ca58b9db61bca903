// `cxas-eval validate [paths..]`: load and check spec files without running them, with the config,
// custom matcher modules and the emulator app run would use (validate-app.ts), in one pass.
import { withInputLimits } from '../validation/index.js';
import type { Command } from 'commander';
import { EXIT } from './exit-codes.js';
import { appOptions, exitCodeAction } from './command-options.js';
import { appNameOption } from './option-values.js';
import { checkConfiguredApp } from './validate-app.js';
import { intOption } from './option-values.js';
import { Redactor, redactPatterns } from '../model/redact.js';

export function registerValidate(program: Command): void {
  const cmd = program
    .command('validate')
    .description('check spec files, config, custom matchers and the emulator app (names against it) without running')
    .argument('[paths...]', 'spec files or directories (default: config `specs`, else specs/)')
    .option('--emulator <app>', 'check names against this emulator app (default: config `emulator`, else as run)')
    .option('--repeat <n>', 'check as `run --repeat n` would run them (default: config `repeat`)');
  appOptions(cmd, 'a local emulator').action(exitCodeAction(validateCommand));
}

interface ValidateFlags {
  config?: string;
  /** As run's: every conversation n times, so a `passRate` without `repeat:` means something. */
  repeat?: string;
  emulator?: string;
  /** Check names against this live app (AgentService; credentials needed). */
  app?: string;
  endpoint?: string;
  insecure?: boolean;
}

async function validateCommand(paths: string[], flags: ValidateFlags): Promise<number> {
  const { loadConfig, loadSpecs, checkCustomMatchers, checkAgainstInventory, checkLlmSettings, projectRoots } =
    await import('../runner/index.js');
  // The app names validate is given, held to run's rule (the config's and the specs' `app:` are
  // checked by their schemas, at their file:line:col).
  appNameOption('--app', flags.app);
  const cwd = process.cwd();
  // Checked before anything is read, as run checks its flags: a bad value is one line, exit 2. Run's
  // range (RUN_NUMBERS.repeat, src/library/run-options.ts), written here so that validate does not
  // load the library.
  const repeatFlag = intOption('--repeat', flags.repeat, 1);
  const configResult = await loadConfig({ cwd, ...(flags.config ? { file: flags.config } : {}) });
  const { config, errors: configErrors } = configResult;
  // CXAS_APP is read when neither the flag nor the config names the app, as a run reads it (empty: unset).
  if (!flags.app && !configErrors.length && !config.app)
    appNameOption('CXAS_APP', process.env['CXAS_APP'] || undefined);
  // Spec files named on the command line are checked even when the config has errors (one pass
  // reports everything); without a valid config the default spec paths are unknown.
  // Every file is read under the config's `limits:` (the defaults when the config is invalid).
  const limits = configErrors.length ? {} : (config.limits ?? {});
  const specPaths = paths.length ? paths : configErrors.length ? [] : (config.specs ?? ['specs']);
  const match = !configErrors.length && config.match ? { match: config.match } : {};
  // --repeat over the config's `repeat:`, as for run (run-options.ts).
  const runs = repeatFlag ?? (configErrors.length ? undefined : config.repeat);
  const repeat = runs ? { repeat: runs } : {};
  // Golden files two conversations would share: every conversation's when the config compares all.
  const goldenUse = configErrors.length
    ? {}
    : { goldens: { all: config.golden !== undefined, ...(config.goldensDir ? { dir: config.goldensDir } : {}) } };
  // Names that clash once masked are refused by run: said here too.
  const redactor = new Redactor(configErrors.length ? [] : redactPatterns(config.redact));
  const { files, errors } = specPaths.length
    ? await loadSpecs(specPaths, {
        cwd,
        roots: projectRoots(configResult, cwd),
        limits,
        redactor,
        ...goldenUse,
        ...match,
        ...repeat,
      })
    : { files: [], errors: [] };
  // The app run would play them against: its own problems, then spec names against its inventory.
  const target = {
    ...(configErrors.length ? {} : config),
    ...(flags.endpoint ? { endpoint: flags.endpoint } : {}),
    ...(flags.insecure ? { insecure: true } : {}),
  };
  const app = await withInputLimits(limits, () => checkConfiguredApp(flags, target, files, cwd));
  if (app.unchecked) process.stderr.write(`cxas-eval: ${app.unchecked}\n`);
  // Custom matcher modules are imported (each in a worker, as `run` does) to find those that fail to
  // load, each given the config's timeoutMs as `run` gives it (a module whose top level loops).
  const loadTimeoutMs = configErrors.length ? undefined : config.timeoutMs;
  const all = [
    ...configErrors,
    // What run would make an error of every conversation needing the judge or a simulated user.
    ...checkLlmSettings(configResult, files),
    ...errors,
    ...(await checkCustomMatchers(files, cwd, loadTimeoutMs)),
    ...(app.inventory ? checkAgainstInventory(files, app.inventory) : []),
  ];
  for (const e of all) process.stderr.write(`${e.message}\n`);
  for (const line of app.appProblems) process.stderr.write(`${line}\n`);
  const count = all.length + app.appProblems.length;
  if (count) {
    const fileCount = new Set([...all.map((e) => e.loc.file), ...(app.appFile ? [app.appFile] : [])]).size;
    process.stderr.write(`${count} error${count === 1 ? '' : 's'} in ${fileCount} file${fileCount === 1 ? '' : 's'}\n`);
    return EXIT.usage;
  }
  const conversations = files.reduce((n, f) => n + f.conversations.length, 0);
  // Tool tests are counted as `run --list` counts them: named when there are some.
  const toolTests = files.reduce((n, f) => n + (f.toolTests?.length ?? 0), 0);
  const tools = toolTests ? ` and ${plural(toolTests, 'tool test')}` : '';
  process.stdout.write(`${plural(files.length, 'file')}, ${plural(conversations, 'conversation')}${tools}: valid\n`);
  return EXIT.ok;
}

const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;
