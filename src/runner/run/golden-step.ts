// The goldens step of the conversation pipeline (pipeline.ts): compares (or records) the golden
// transcript of the conversations that asked for it, and notes golden files nothing asked for.
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import type { SpecFile } from '../../model/spec.js';
import type { GoldenOptions } from '../goldens/index.js';
import type { ConversationStep } from './steps.js';

export interface GoldenStep {
  step?: ConversationStep;
  /** Golden files (relative to cwd) of conversations that did not ask to be compared. */
  unasked: string[];
}

export async function goldenStep(opts: GoldenOptions | undefined, files: readonly SpecFile[]): Promise<GoldenStep> {
  const unasked: string[] = [];
  if (!opts) return { unasked };
  const dir = path.resolve(opts.cwd, opts.goldensDir);
  const dirExists = existsSync(dir);
  const anyAsked = opts.update || opts.all || files.some((f) => f.conversations.some((c) => c.golden));
  // Nothing asked and nothing recorded: no step, and no file lookup per conversation.
  if (!dirExists && !anyAsked) return { unasked };
  // The goldens code (and its diff library) loads only for a run that may record or compare.
  const { applyGolden, goldenFileOf } = await import('../goldens/index.js');
  const step: ConversationStep = {
    name: 'golden',
    async apply(result, plan) {
      // A simulated user's turns differ by design from run to run: no golden transcript to keep.
      if (plan.spec.simulation) return;
      if (opts.update || opts.all || plan.spec.golden) return applyGolden(result, opts);
      const file = goldenFileOf(result, opts);
      if (dirExists && plan.runIndex === 0 && existsSync(file)) unasked.push(path.relative(opts.cwd, file));
    },
  };
  return { step, unasked };
}
