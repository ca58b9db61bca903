// `cxas-eval validate [paths..]`: load and check spec files without running them.
import { setInputLimits } from '../validation/index.js';
import type { Command } from 'commander';
import { EXIT } from './exit-codes.js';
import { exitCodeAction } from './command-options.js';

export function registerValidate(program: Command): void {
  program
    .command('validate')
    .description('check spec files (schema, inputs, regexes, files, duplicate names) without running them')
    .argument('[paths...]', 'spec files or directories (default: config `specs`, else specs/)')
    .option('-c, --config <file>', 'config file (default: cxas-eval.config.yaml)')
    .action(exitCodeAction(validateCommand));
}

async function validateCommand(paths: string[], flags: { config?: string }): Promise<number> {
  const { loadConfig, loadSpecs, checkCustomMatchers } = await import('../runner/index.js');
  const cwd = process.cwd();
  const { config, errors: configErrors } = await loadConfig({ cwd, ...(flags.config ? { file: flags.config } : {}) });
  // Spec files named on the command line are checked even when the config has errors (one pass
  // reports everything); without a valid config the default spec paths are unknown.
  if (!configErrors.length) setInputLimits(config.limits ?? {});
  const specPaths = paths.length ? paths : configErrors.length ? [] : (config.specs ?? ['specs']);
  const match = !configErrors.length && config.match ? { match: config.match } : {};
  const { files, errors } = specPaths.length
    ? await loadSpecs(specPaths, { cwd, ...match })
    : { files: [], errors: [] };
  // Custom matcher modules are imported (each in a worker, as `run` does) to find those that fail to load.
  const all = [...configErrors, ...errors, ...(await checkCustomMatchers(files, cwd))];
  for (const e of all) process.stderr.write(`${e.message}\n`);
  if (all.length) {
    const fileCount = new Set(all.map((e) => e.loc.file)).size;
    process.stderr.write(
      `${all.length} error${all.length === 1 ? '' : 's'} in ${fileCount} file${fileCount === 1 ? '' : 's'}\n`,
    );
    return EXIT.usage;
  }
  const conversations = files.reduce((n, f) => n + f.conversations.length, 0);
  process.stdout.write(
    `${files.length} file${files.length === 1 ? '' : 's'}, ` +
      `${conversations} conversation${conversations === 1 ? '' : 's'}: valid\n`,
  );
  return EXIT.ok;
}
