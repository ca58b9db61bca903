// Schema validation of a parsed YAML document, with errors at the user's file:line:col.
import type { ValidateFunction } from 'ajv';
import { collapseErrors } from './collapse.js';
import { SpecError, sortErrors } from './errors.js';
import { toSpecError } from './map-errors.js';
import { schemaId } from './schema.js';
import type { YamlDoc } from './yaml.js';

/** All schema errors of `parsed.value`, one per problem, sorted by position (empty when valid). */
export function validateDocument(
  validate: ValidateFunction,
  parsed: { doc: YamlDoc; value: unknown },
  file: string,
): SpecError[] {
  if (validate(parsed.value)) return [];
  // An `if`/`then` failure ("must match then schema") only summarises the `then` errors beside it.
  const raw = (validate.errors ?? []).filter((e) => e.keyword !== 'if');
  const collapsed = collapseErrors(raw, schemaId(validate));
  const errors = collapsed.map((e) => toSpecError(e, parsed.doc, parsed.value, file));
  return sortErrors(dedupe(suppressEchoes(errors)));
}

type Segments = ReadonlyArray<string | number>;

/**
 * The schema errors of `value` taken as the node at `at` of the document `parsed` (a copy of what is
 * written there, rewritten after validation: `${each.k}`, `${with.k}`), located in that document.
 * The schema sees `value` alone in a document holding nothing else (each list on the way holds only
 * it, at index 0): the rest of the document passed already and is not validated again.
 */
export function validateValueAt(
  validate: ValidateFunction,
  parsed: { doc: YamlDoc; value: unknown },
  file: string,
  at: Segments,
  value: unknown,
  /** Keys the schema requires at a prefix of `at` (a conversation's `name`): a valid value then passes whole. */
  required: (prefix: Segments) => Record<string, unknown> | undefined = () => undefined,
): SpecError[] {
  // Valid as a whole when the value is: the precompiled validator then answers alone (a failure
  // compiles the full one, for its errors: only a real mistake pays for that).
  const alone = at.reduceRight<unknown>(
    (inner, seg, i) => (typeof seg === 'number' ? [inner] : { ...required(at.slice(0, i)), [seg]: inner }),
    value,
  );
  if (validate(alone)) return [];
  const shown = toPointer(at.map((seg) => (typeof seg === 'number' ? 0 : seg)));
  const written = toPointer(at);
  const raw = (validate.errors ?? []).filter((e) => e.keyword !== 'if');
  const moved = collapseErrors(raw, schemaId(validate))
    .filter((e) => e.instancePath === shown || e.instancePath.startsWith(`${shown}/`))
    .map((e) => ({ ...e, instancePath: written + e.instancePath.slice(shown.length) }));
  const errors = moved.map((e) => toSpecError(e, parsed.doc, parsed.value, file));
  return sortErrors(dedupe(suppressEchoes(errors)));
}

const toPointer = (at: Segments): string =>
  at.map((seg) => `/${String(seg).replace(/~/g, '~0').replace(/\//g, '~1')}`).join('');

const isChoiceError = (e: SpecError): boolean =>
  /^(needs one of|takes only one of|needs at least one of|takes at most)/.test(e.text);

/**
 * One mistake, one line: at the same node, an unknown key (probably a misspelt choice) explains a
 * "needs one of" error, and `exactlyOneOf` explains min/maxProperties errors.
 */
function suppressEchoes(errors: SpecError[]): SpecError[] {
  const unknownAt = new Set(errors.filter((e) => e.code === 'UNKNOWN_KEY').map((e) => e.path));
  const choiceAt = new Set(errors.filter((e) => /^(needs one of|takes only one of)/.test(e.text)).map((e) => e.path));
  return errors.filter((e) => {
    if (e.code === 'MISSING_KEY' && e.text.startsWith('needs ') && unknownAt.has(e.path)) return false;
    return !(isChoiceError(e) && /^(needs at least one of|takes at most)/.test(e.text) && choiceAt.has(e.path));
  });
}

function dedupe(errors: SpecError[]): SpecError[] {
  const seen = new Set<string>();
  return errors.filter((e) => (seen.has(e.message) ? false : (seen.add(e.message), true)));
}
