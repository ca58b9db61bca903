// `expect:` items → Expectation: one matcher, or `not:` wrapping one, with its options normalized
// once, here (after env interpolation): every shorthand is written out (expectation-options.ts) and
// `custom.module` is resolved against the spec file. The matchers read the typed options as they are.
import { existsSync } from 'node:fs';
import type { CustomMatcher } from '../../model/spec-expectations.generated.js';
import { MATCHER_NAMES, type CustomOptions, type Expectation } from '../../model/spec.js';
import { fileProblem, type SpecError } from '../../validation/index.js';
import type { ExpectationDocument } from './document.js';
import { expectationOf, type Reading } from '../../model/expectation-options.js';
import type { Source } from './source.js';

type Path = Array<string | number>;

export function toExpectations(
  source: Source,
  list: ExpectationDocument[] | undefined,
  at: Path,
  reading: Reading,
  errors: SpecError[],
): Expectation[] {
  return (list ?? []).map((item, i) => toExpectation(source, item, [...at, i], reading, errors));
}

function toExpectation(
  source: Source,
  item: ExpectationDocument,
  at: Path,
  reading: Reading,
  errors: SpecError[],
): Expectation {
  const negated = item.not !== undefined;
  const inner = item.not ?? item;
  const optionsAt = negated ? [...at, 'not'] : at;
  for (const matcher of MATCHER_NAMES) {
    const written = inner[matcher];
    if (written === undefined) continue;
    const options =
      matcher === 'custom' && inner.custom
        ? resolveCustom(source, inner.custom, [...optionsAt, matcher], errors)
        : written;
    return { ...expectationOf(matcher, options, reading, negated), loc: source.at(at) };
  }
  // The schema requires exactly one matcher per item; reaching here means schema and model disagree.
  throw new Error(`expectation at ${source.file} ${at.join('.')} names no known matcher`);
}

/**
 * The module is code the run will execute: like every file a spec names, it stays inside the project
 * roots. It is always rebased onto the spec file's folder (never left as written, which the runner
 * would read against the working directory); a path refused here is marked so nothing imports it.
 */
function resolveCustom(source: Source, options: CustomMatcher, at: Path, errors: SpecError[]): CustomOptions {
  const modulePath = [...at, 'module'];
  const checked = source.resolveContained(options.module, modulePath, errors);
  const { abs, display } = checked ?? source.resolveRelative(options.module);
  if (!checked) return { ...options, module: display, refused: 'the path leads outside the project' };
  if (!existsSync(abs)) {
    const text = source.missingFileText(modulePath, options.module, display);
    errors.push(source.error('MISSING_FILE', modulePath, text));
    return { ...options, module: display, refused: 'the file was not found' };
  }
  // A FIFO or a device would block the import (and the worker cannot be stopped in that read): the
  // same regular-file check as include: fragments, with no size bound (a bundled matcher may be large).
  const problem = fileProblem(abs, Number.POSITIVE_INFINITY);
  if (problem) {
    errors.push(source.error(problem.code, modulePath, `module ${display}: ${problem.reason}`));
    return { ...options, module: display, refused: problem.reason };
  }
  return { ...options, module: display };
}
