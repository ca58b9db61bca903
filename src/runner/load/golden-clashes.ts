// No two conversations of a suite may share a golden file. The file is named by a slug of the
// conversation's name (goldens/paths.ts), which folds case and punctuation, and its folder by the
// spec path without extension (`a.yaml` and `a.yml` share it): two conversations reaching the same
// file would be recorded over each other and compared with each other's transcript.
import * as path from 'node:path';
import { formatLocation, quoted } from '../../model/location.js';
import type { Redactor } from '../../model/redact.js';
import { SpecError } from '../../validation/index.js';
import { goldenPath } from '../goldens/paths.js';
import type { BuiltConversation } from './duplicates.js';

/** Which conversations use a golden in this load (the run's options). */
export interface GoldenUse {
  /** Every conversation (--update-goldens, --goldens, config `golden:`); else those with `golden: true`. */
  all?: boolean;
  /** The goldens folder, as the messages show it (default `goldens`). */
  dir?: string;
}

interface GoldenOwner {
  built: BuiltConversation;
  /** `file#name` as masked: equal ids are duplicate names, said by duplicates.ts. */
  id: string;
}

/** One error at each later conversation whose golden file is an earlier one's, naming it. */
export function goldenClashErrors(
  built: readonly BuiltConversation[],
  use: GoldenUse,
  redactor: Redactor | undefined,
): SpecError[] {
  const dir = use.dir ?? 'goldens';
  const mask = (text: string): string => redactor?.text(text) ?? text;
  const owners = new Map<string, GoldenOwner>();
  const errors: SpecError[] = [];
  for (const b of built) {
    // A simulated conversation keeps no golden (golden-step.ts).
    if (b.spec.simulation || !(use.all || b.spec.golden)) continue;
    const file = goldenPath(dir, mask(b.spec.file), mask(b.spec.name));
    const id = mask(`${b.spec.file}#${b.spec.name}`);
    const earlier = owners.get(file);
    if (!earlier) {
      owners.set(file, { built: b, id });
      continue;
    }
    if (earlier.id === id) continue;
    errors.push(clashError(b, earlier.built, file.split(path.sep).join('/'), mask));
  }
  return errors;
}

function locOf({ spec, refs }: BuiltConversation): SpecError['loc'] {
  return refs.nameLoc ?? spec.loc ?? { file: spec.file, line: 1, col: 1 };
}

function clashError(
  b: BuiltConversation,
  earlier: BuiltConversation,
  file: string,
  mask: (text: string) => string,
): SpecError {
  const other =
    earlier.spec.file === b.spec.file
      ? quoted(mask(earlier.spec.name))
      : `${earlier.spec.file} › ${quoted(mask(earlier.spec.name))}`;
  const text =
    `conversation ${quoted(mask(b.spec.name))} would have the same golden file ${file} as ${other} ` +
    `at ${formatLocation(locOf(earlier))} (a golden's file name keeps the letters and digits of the ` +
    "conversation's name, lower-cased; its folder is the spec file's path without extension): rename one";
  return new SpecError('DUPLICATE_NAME', locOf(b), b.refs.namePath, text);
}
