// The files a loaded suite depends on besides its spec files: what `run --watch` must watch too, since
// they may sit outside the spec paths (a `../checks/m.mjs` matcher, a shared fixtures folder).
import * as path from 'node:path';
import type { Expectation, SpecFile } from '../../model/spec.js';

/** Loaded files' includes and `each:` data files, absolute, as the loader read them. */
interface ReadAlongside {
  included: readonly string[];
  dataFiles?: readonly string[];
}

/**
 * Every file the suite reads or names, absolute and once each: included fragments, `each:` data
 * files, the files of `blob:`/`image:`/`audio:` turns and the custom matcher modules the loader
 * accepted (a module's own imports are not followed).
 */
export function suiteDeps(loaded: readonly ReadAlongside[], files: readonly SpecFile[], cwd: string): string[] {
  const deps = new Set<string>();
  for (const l of loaded) for (const f of [...l.included, ...(l.dataFiles ?? [])]) deps.add(f);
  const named = (p: string): void => void deps.add(path.resolve(cwd, p));
  const expectation = (e: Expectation): void => {
    if (e.matcher === 'custom' && !e.options.refused) named(e.options.module);
  };
  for (const c of files.flatMap((f) => f.conversations)) {
    c.expect.forEach(expectation);
    for (const t of c.turns) {
      if ('file' in t.input && t.input.file) named(t.input.file);
      t.expect.forEach(expectation);
    }
  }
  return [...deps];
}
