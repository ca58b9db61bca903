// `validate`'s check of the app the specs run against: the emulator app `run` would serve (its own
// file's every problem, none elided) and the spec names checked against its inventory: tools of
// toolCall expectations and tool fakes (a fake of a server-side tool never fires), transfer agents.
import * as path from 'node:path';
import type { AppInventory } from '../runner/index.js';
import type { SpecFile } from '../model/spec.js';
import { DEMO_APP } from './run-target.js';

export interface AppTargetFlags {
  emulator?: string;
  app?: string;
}

export interface AppTargetConfig {
  emulator?: string;
  app?: string;
  endpoint?: string;
}

export interface AppCheck {
  /** One `file:line:col path: message` line per problem of the app file itself. */
  appProblems: string[];
  /** The app file, relative to cwd (counted among the files with errors). */
  appFile?: string;
  inventory?: AppInventory;
  /** Why names were not checked (a remote app), said on stderr so nothing passes unchecked in silence. */
  unchecked?: string;
}

/** Which app `run` would play the specs against, resolved as run-target.ts does, and its inventory. */
export async function checkConfiguredApp(
  flags: AppTargetFlags,
  config: AppTargetConfig,
  files: readonly SpecFile[],
  cwd: string,
): Promise<AppCheck> {
  const remote = flags.app ?? config.app ?? process.env['CXAS_APP'] ?? files.find((f) => f.app)?.app;
  const emulator = flags.emulator ?? config.emulator;
  if (!emulator && (remote || config.endpoint)) {
    return {
      appProblems: [],
      unchecked:
        `tool and agent names not checked: the specs run against ${remote ?? config.endpoint}, not an emulator app ` +
        '(pass --emulator FILE to check them against one)',
    };
  }
  const file = path.resolve(cwd, emulator ?? DEMO_APP);
  const shown = emulator ? path.relative(cwd, file) : 'the demo app';
  const { loadAppDefinition, AppDefinitionError } = await import('../emulator/index.js');
  try {
    const app = await loadAppDefinition(file);
    const tools = Object.entries(app.tools ?? {}).map(([name, t]) => ({
      name,
      ...(t.displayName ? { displayName: t.displayName } : {}),
      client: t.client === true,
    }));
    return { appProblems: [], inventory: { source: `emulator app ${shown}`, tools, agents: Object.keys(app.agents) } };
  } catch (err) {
    if (!(err instanceof AppDefinitionError)) throw err;
    return { appProblems: err.problems, appFile: path.relative(cwd, file) };
  }
}
