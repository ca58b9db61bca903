// Reusable steps (README "Reusable steps"): `steps: {name: [turns]}` in a spec file or a fragment it
// includes, used as a turn `- use: name` with `with: {key: value}` read as `${with.key}` in the step's
// strings. A use is replaced by the step's turns here, before anything is built, so everything after
// the loader sees ordinary turns. Those turns keep the step's positions, and every location and
// error built from them also names the use (SourceLocation.via), innermost first.
import { formatLocation, quoted } from '../../model/location.js';
import { inputLimits, suggestKey, type SpecError } from '../../validation/index.js';
import type { TurnDocument } from './document.js';
import type { Source } from './source.js';
import { asText, referencedNames, referencesIn, referencesInKeys, substitute, type ValuePath } from './template.js';
import { isJsonObject as isRecord } from '../../model/json.js';

/** One named step as written, with its file. */
export interface StepDefinition {
  name: string;
  source: Source;
  turns: TurnDocument[];
  /**
   * A step with errors (reported where it is written): known by its name and the parameters it
   * reads, so its uses are checked, but never expanded (its turns are not known to be valid).
   */
  unchecked?: { reads: string[] };
}

/** A turn after step uses were expanded: where it was written (a step's source carries the use). */
export interface ExpandedTurn {
  source: Source;
  raw: TurnDocument;
  at: ValuePath;
  /** True when `with:` parameters were put into it (its checks are run again). */
  parameterised?: boolean;
  /** True when `${each.key}` values of a row were put into it (its problems are reported at the row). */
  fromRow?: boolean;
}

export interface StepTable {
  byName: ReadonlyMap<string, StepDefinition>;
  /**
   * Which steps exist is not fully known: an included file could not be read, or an `include:` or
   * `steps:` is malformed. A name not found may be defined there, whose error is already reported.
   */
  partial?: boolean;
}

/** Steps of `source` with errors, by name, from its raw value: their uses are not unknown. */
export function addUncheckedSteps(
  table: Map<string, StepDefinition>,
  source: Source,
  names: readonly string[],
  errors: SpecError[],
): void {
  const steps = isRecord(source.value) ? source.value['steps'] : undefined;
  for (const name of names) {
    const reads = parametersRead(isRecord(steps) ? steps[name] : undefined);
    addStep(table, { name, source, turns: [], unchecked: { reads } }, errors);
  }
}

/** The steps of one document, added to `table`. */
export function addSteps(
  table: Map<string, StepDefinition>,
  source: Source,
  steps: ReadonlyArray<[string, TurnDocument[]]>,
  errors: SpecError[],
) {
  for (const [name, turns] of steps) addStep(table, { name, source, turns }, errors);
}

/** A step name already defined (in this file or a fragment) is a DUPLICATE_NAME error at the later one. */
export function addStep(table: Map<string, StepDefinition>, step: StepDefinition, errors: SpecError[]): void {
  const earlier = table.get(step.name);
  if (!earlier) {
    table.set(step.name, step);
    return;
  }
  const first = formatLocation(earlier.source.at(['steps', step.name], true));
  const text = `duplicate step name ${quoted(step.name)} (first defined at ${first})`;
  errors.push(step.source.error('DUPLICATE_NAME', ['steps', step.name], text, { key: true }));
}

/** `turns` (written at `at` in `source`) with every `use:` replaced by its step's turns, recursively. */
export function expandTurns(
  steps: StepTable,
  source: Source,
  turns: readonly TurnDocument[],
  at: ValuePath,
  errors: SpecError[],
  chain: readonly string[] = [],
): ExpandedTurn[] {
  const out: ExpandedTurn[] = [];
  turns.forEach((raw, i) => {
    if (raw.use === undefined) out.push({ source, raw, at: [...at, i] });
    else out.push(...expandUse(steps, source, raw, [...at, i], errors, chain));
  });
  return out;
}

function expandUse(
  steps: StepTable,
  source: Source,
  use: TurnDocument,
  at: ValuePath,
  errors: SpecError[],
  chain: readonly string[],
): ExpandedTurn[] {
  const name = use.use ?? '';
  const step = steps.byName.get(name);
  if (!step) {
    if (!steps.partial) errors.push(source.error('UNKNOWN_STEP', [...at, 'use'], unknownStepText(name, steps)));
    return [];
  }
  if (chain.includes(name)) {
    const text = `step cycle: ${[...chain, name].join(' -> ')}`;
    errors.push(source.error('BAD_VALUE', [...at, 'use'], text));
    return [];
  }
  if (chain.length >= inputLimits().includeDepth) {
    const text = `steps used inside steps deeper than ${inputLimits().includeDepth} (config limits.includeDepth)`;
    errors.push(source.error('TOO_DEEP', [...at, 'use'], text));
    return [];
  }
  const stepAt = ['steps', name];
  const given = asText(use.with ?? {}, (key) => source.written([...at, 'with', key]));
  if (!parametersFit(step, given, source, at, errors) || step.unchecked) return [];
  const parameterised = Object.keys(given).length > 0;
  const turns = parameterised ? substitute(step.turns, 'with', given) : step.turns;
  const inner = step.source.usedAt({ step: name, loc: source.at([...at, 'use']) });
  const expanded = expandTurns(steps, inner, turns, stepAt, errors, [...chain, name]);
  return parameterised ? expanded.map((t) => ({ ...t, parameterised: true })) : expanded;
}

/** Every `${with.x}` the step reads is given, and nothing else is (a typo would otherwise go unseen). */
function parametersFit(
  step: StepDefinition,
  given: Record<string, string>,
  source: Source,
  at: ValuePath,
  errors: SpecError[],
): boolean {
  const reads = step.unchecked?.reads ?? parametersRead(step.turns);
  const defined = formatLocation(step.source.at(['steps', step.name], true));
  const before = errors.length;
  const missing = reads.filter((r) => !Object.hasOwn(given, r));
  if (missing.length) {
    const list = missing.map((m) => `${m}`).join(', ');
    const text = `step ${quoted(step.name)} (defined at ${defined}) needs with: ${list}`;
    errors.push(source.error('MISSING_KEY', [...at, 'use'], text));
  }
  for (const key of Object.keys(given).filter((k) => !reads.includes(k))) {
    const near = suggestKey(key, reads);
    const hint = near ? `; did you mean ${quoted(near)}?` : reads.length ? ` (it reads ${reads.join(', ')})` : '';
    const text = `step ${quoted(step.name)} (defined at ${defined}) has no parameter ${quoted(key)}${hint}`;
    errors.push(source.error('UNKNOWN_KEY', [...at, 'with', key], text, { key: true }));
  }
  return errors.length === before;
}

/** The `${with.k}` names a step's turns read; one written in a key counts (that key is its error). */
function parametersRead(turns: unknown): string[] {
  return referencedNames([...referencesIn(turns, 'with'), ...referencesInKeys(turns, 'with')]);
}

function unknownStepText(name: string, steps: StepTable): string {
  const known = [...steps.byName.keys()];
  const near = suggestKey(name, known);
  if (near) return `no step named ${quoted(name)}; did you mean ${quoted(near)}?`;
  return known.length
    ? `no step named ${quoted(name)} (steps: ${known.join(', ')})`
    : `no step named ${quoted(name)}: declare it under steps: in this file or an included fragment`;
}
