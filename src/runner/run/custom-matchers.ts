// Loads the JS modules named by `custom:` expectations once per run, before any conversation,
// so a missing or broken module is reported up front instead of per assertion.
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { CustomMatcherModule } from '../../assertions/index.js';
import type { Expectation, SpecFile } from '../../model/spec.js';
import { isJsonObject } from '../../model/json.js';

export class CustomMatcherLoadError extends Error {
  readonly code = 'BAD_FIXTURE';
}

export async function loadCustomMatchers(
  files: readonly SpecFile[],
  cwd: string,
): Promise<Map<string, CustomMatcherModule>> {
  const modules = new Map<string, CustomMatcherModule>();
  for (const modulePath of customModulePaths(files)) {
    try {
      modules.set(modulePath, (await import(pathToFileURL(path.resolve(cwd, modulePath)).href)) as CustomMatcherModule);
    } catch (err) {
      throw new CustomMatcherLoadError(
        `custom matcher module ${modulePath} could not be loaded: ${(err as Error).message}`,
      );
    }
  }
  return modules;
}

function customModulePaths(files: readonly SpecFile[]): Set<string> {
  const out = new Set<string>();
  const visit = (e: Expectation): void => {
    if (e.matcher === 'custom' && isJsonObject(e.options) && typeof e.options['module'] === 'string')
      out.add(e.options['module']);
  };
  for (const c of files.flatMap((f) => f.conversations)) {
    c.expect.forEach(visit);
    c.turns.forEach((t) => t.expect.forEach(visit));
  }
  return out;
}
