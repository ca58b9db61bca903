// The goldens step of the conversation pipeline (pipeline.ts): compares (or records) the golden
// transcript of the conversations that asked for it, and notes golden files nothing compared:
// those of conversations that did not ask, and obsolete ones (removed by --update-goldens).
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import type { GoldenFilesNote } from '../../model/result.js';
import type { SpecFile } from '../../model/spec.js';
import type { GoldenOptions } from '../goldens/index.js';
import { goldensFolderProblem } from '../goldens/folder.js';
import type { ConversationStep } from './steps.js';

export interface GoldenStep {
  step?: ConversationStep;
  /**
   * After the run: the golden files nothing compared (undefined when there are none). With
   * `--update-goldens` and a run that was not cut short, obsolete goldens are removed first.
   */
  finish(interrupted: boolean): Promise<GoldenFilesNote | undefined>;
}

export async function goldenStep(opts: GoldenOptions | undefined, files: readonly SpecFile[]): Promise<GoldenStep> {
  const unasked: string[] = [];
  if (!opts) return { finish: () => Promise.resolve(undefined) };
  const dir = path.resolve(opts.cwd, opts.goldensDir);
  const anyAsked = opts.update || opts.all || files.some((f) => f.conversations.some((c) => c.golden));
  // A folder outside the project is refused before the run (library run.ts); one handed straight to
  // executeRun is refused here, before anything is read, written or removed there.
  const outside = goldensFolderProblem(dir, opts.roots ?? [path.resolve(opts.cwd)], opts.cwd);
  if (outside && anyAsked) throw new Error(outside);
  const dirExists = !outside && existsSync(dir);
  // Nothing asked and nothing recorded: no step, and no file lookup per conversation.
  if (!dirExists && !anyAsked) return { finish: () => Promise.resolve(undefined) };
  // The goldens code (and its diff library) loads only for a run that may record or compare.
  const { applyGolden, goldenFileOf, legacyGoldens, obsoleteGoldens, removeGoldens } =
    await import('../goldens/index.js');
  const renames = dirExists ? legacyGoldens(files, opts) : new Map<string, string>();
  const step: ConversationStep = {
    name: 'golden',
    async apply(result, plan) {
      // A simulated user's turns differ by design from run to run: no golden transcript to keep.
      if (plan.spec.simulation) return;
      if (opts.update || opts.all || plan.spec.golden) return applyGolden(result, opts, renames);
      const file = goldenFileOf(result, opts);
      if (dirExists && plan.runIndex === 0 && existsSync(file)) unasked.push(path.relative(opts.cwd, file));
    },
  };
  const finish = async (interrupted: boolean): Promise<GoldenFilesNote | undefined> => {
    const obsolete = await obsoleteGoldens(files, opts);
    const removed = opts.update && !interrupted ? obsolete : [];
    if (removed.length) await removeGoldens(removed, opts);
    const notCompared = [...unasked].sort();
    if (obsolete.length + notCompared.length === 0) return undefined;
    return { obsolete: removed.length ? [] : obsolete, removed, notCompared };
  };
  return { step, finish };
}
