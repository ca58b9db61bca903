// `validate`'s check of the app the specs run against: the emulator app `run` would serve (every
// problem of its file, none elided), or with --app the live app (AgentService lists, credentials
// needed); spec names are then checked against its inventory: tools of toolCall expectations and
// tool fakes (a fake of a server-side tool never fires), transfer agents.
import * as path from 'node:path';
import type { InventoryCheck } from '../runner/index.js';
import type { SpecFile } from '../model/spec.js';
import { DEMO_APP } from '../package-root.js';
import { CliError, EXIT } from './exit-codes.js';

export interface AppTargetFlags {
  emulator?: string;
  app?: string;
}

export interface AppTargetConfig {
  emulator?: string;
  app?: string;
  endpoint?: string;
  insecure?: boolean;
  apiVersion?: 'v1' | 'v1beta';
}

export interface AppCheck {
  /** One `file:line:col path: message` line per problem of the app file (or why the live app was not listed). */
  appProblems: string[];
  /** The app file, relative to cwd (counted among the files with errors). */
  appFile?: string;
  inventory?: InventoryCheck;
  /** Why names were not checked (a remote app not listed), said on stderr: nothing passes unchecked in silence. */
  unchecked?: string;
}

/** Which app `run` would play the specs against, resolved as run-target.ts does, and its inventory. */
export async function checkConfiguredApp(
  flags: AppTargetFlags,
  config: AppTargetConfig,
  files: readonly SpecFile[],
  cwd: string,
): Promise<AppCheck> {
  if (flags.emulator && flags.app) return { appProblems: ['validate: give --app or --emulator, not both'] };
  if (flags.app) return liveApp(flags.app, config);
  const emulator = flags.emulator ?? config.emulator;
  // An empty CXAS_APP is unset, as for a run.
  const remote = config.app || process.env['CXAS_APP'] || specApp(files, emulator);
  if (!emulator && (remote || config.endpoint)) {
    return {
      appProblems: [],
      unchecked:
        `tool and agent names not checked: the specs run against ${remote ?? config.endpoint}, not an emulator app ` +
        `(pass --app ${remote ?? 'APP'} to list it live, or --emulator FILE)`,
    };
  }
  return emulatorApp(path.resolve(cwd, emulator ?? DEMO_APP), emulator ? undefined : 'the demo app', cwd);
}

/**
 * The app the spec files name, as run-target.ts takes it: spec files naming different apps are
 * refused unless an emulator app serves them all (it ignores their `app:`).
 */
function specApp(files: readonly SpecFile[], emulator: string | undefined): string | undefined {
  const apps = [...new Set(files.flatMap((f) => (f.app ? [f.app] : [])))];
  if (apps.length > 1 && !emulator)
    throw new CliError(
      `the selected spec files target different apps (${apps.join(', ')}); run them separately or pass --app`,
      EXIT.usage,
    );
  return apps[0];
}

async function emulatorApp(file: string, label: string | undefined, cwd: string): Promise<AppCheck> {
  const { loadAppDefinition, appResourcesOf, AppDefinitionError } = await import('../emulator/definition.js');
  const { inventoryFromResources } = await import('../model/app-resources.js');
  try {
    const app = await loadAppDefinition(file);
    const inventory = inventoryFromResources(appResourcesOf(app), app.app, 'emulator-file');
    return { appProblems: [], inventory: { inventory, source: `emulator app ${label ?? path.relative(cwd, file)}` } };
  } catch (err) {
    if (!(err instanceof AppDefinitionError)) throw err;
    return { appProblems: err.problems.map((p) => relativeLocation(p, cwd)), appFile: path.relative(cwd, file) };
  }
}

/** A problem's `/abs/file:line:col` as the spec errors print theirs: relative to the working directory. */
function relativeLocation(problem: string, cwd: string): string {
  const at = /^(\/[^:]+)(:\d+)/.exec(problem);
  return at ? `${path.relative(cwd, at[1]!)}${problem.slice(at[1]!.length)}` : problem;
}

/** The live app's inventory through AgentService; a failure to list it is an error, never a silent pass. */
async function liveApp(app: string, config: AppTargetConfig): Promise<AppCheck> {
  const { Sessions } = await import('../client/index.js');
  const sessions = new Sessions({
    appName: app,
    apiVersion: config.apiVersion ?? 'v1',
    insecure: config.insecure ?? false,
    ...(config.endpoint ? { endpoint: config.endpoint } : {}),
  });
  try {
    const inventory = await sessions.getAppInventory({ timeoutMs: 30_000 });
    return { appProblems: [], inventory: { inventory, source: `app ${app}` } };
  } catch (err) {
    return {
      appProblems: [`${app}: the app's inventory could not be listed: ${(err as Error).message.split('\n')[0]}`],
    };
  } finally {
    sessions.close();
  }
}
