// A signal while `run` is still loading its config and specs: nothing ran, so there is nothing to
// report, but the previous run's reports must not stay behind looking current (a green junit.xml
// that CI would read as this run's). They are removed before the process exits.
import * as path from 'node:path';
import type { ConfigResult } from '../runner/index.js';
import { removeReportFiles } from '../reporters/index.js';
import { BASE_SIDE_DIR, DEFAULTS } from '../library/index.js';
import type { RunFlags } from './run-flags.js';

/** How long a stop waits for the config to name the report directory (a supervisor kills soon after). */
const CONFIG_WAIT_MS = 5_000;

/** The report directory as the run would choose it: --output-dir, else the config's, else the default. */
export function reportDirOf(flags: RunFlags, config: Promise<ConfigResult>): Promise<string> {
  if (flags.outputDir !== undefined) return Promise.resolve(flags.outputDir);
  return config.then(
    (c) => c.config.outputDir ?? DEFAULTS.outputDir,
    () => DEFAULTS.outputDir,
  );
}

/** Removes the previous run's reports (and `--versions`' base side); says where, or why it could not. */
export async function removeReportsOnStop(dir: Promise<string>, cwd: string, stderr = process.stderr): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<undefined>((resolve) => {
    timer = setTimeout(() => resolve(undefined), CONFIG_WAIT_MS);
  });
  const known = await Promise.race([dir, late]);
  clearTimeout(timer);
  if (known === undefined) {
    stderr.write('cxas-eval: the config did not load in time; earlier reports were not removed.\n');
    return;
  }
  const outputDir = path.resolve(cwd, known);
  try {
    await Promise.all([removeReportFiles(outputDir), removeReportFiles(path.join(outputDir, BASE_SIDE_DIR))]);
    stderr.write(`cxas-eval: removed the previous run's reports from ${known} (they are not this run's).\n`);
  } catch (err) {
    stderr.write(`cxas-eval: could not remove the previous run's reports from ${known}: ${(err as Error).message}\n`);
  }
}
