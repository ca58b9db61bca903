// A run against the in-process emulator checks the names its expectations give tools and agents,
// its entryAgents, toolResponses tools and tool tests' tools against its app before any
// conversation, as `validate` does: a misspelt name can never be called, so a negation of it
// (`not: { transfer: biling_agent }`) would always pass, and a misspelt entryAgent or tool test
// tool fails every run with NOT_FOUND, blaming the app. The app file
// is at hand (coverage reads the same inventory), so this costs no call. Tool fakes are left to
// the run, which reports one that answers no call. A real CES app is not listed here (that would
// be network calls before every run): `validate --app` checks the names against it.
import * as path from 'node:path';
import { checkAgainstInventory } from '../runner/index.js';
import type { SpecFile } from '../model/spec.js';
import { RunLoadError } from './errors.js';
import type { Target } from './run-target.js';

/** Throws a RunLoadError (exit 2) with validate's messages when a name is not the emulator app's. */
export function checkNamesAgainstEmulator(
  files: readonly SpecFile[],
  target: Target,
  emulator: string | undefined,
  cwd: string,
): void {
  if (!target.emulator) return;
  // Named as validate names it (src/cli/validate-app.ts).
  const source = `emulator app ${emulator ? path.relative(cwd, path.resolve(cwd, emulator)) : 'the demo app'}`;
  const errors = checkAgainstInventory(files, { inventory: target.emulator.inventory(), source }, { toolFakes: false });
  if (errors.length) throw new RunLoadError(errors.map((e) => e.message));
}
