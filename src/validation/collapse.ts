// ajv reports every failed branch of an anyOf/oneOf plus the anyOf itself. Users need one
// message: the branch they evidently meant (its type matched), or one "expected X or Y" line.
import type { ErrorObject } from 'ajv';
import { pointerOf, validateAt } from './schema.js';

const isCompound = (e: ErrorObject): boolean =>
  (e.keyword === 'anyOf' || e.keyword === 'oneOf') && e.params['passingSchemas'] == null;

const depth = (e: ErrorObject): number => (e.instancePath ? e.instancePath.split('/').length : 0);

const isUnder = (path: string, parent: string): boolean => path === parent || path.startsWith(`${parent}/`);

/**
 * Replaces each failed anyOf/oneOf (outermost first) and every error beneath its instance with
 * the errors of one branch, chosen by re-validating each branch on its own. Schemas must keep
 * anyOf/oneOf as the only assertion of their level for this to be exact.
 */
export function collapseErrors(errors: ErrorObject[], rootId: string): ErrorObject[] {
  const compound = errors.filter(isCompound).sort((a, b) => depth(a) - depth(b))[0];
  if (!compound) return errors;
  // Sibling assertions of the compound (e.g. additionalProperties at the same object) are not
  // alternatives: they stand whatever branch is chosen.
  const sibling = (e: ErrorObject): boolean =>
    e.instancePath === compound.instancePath && e !== compound && !e.schemaPath.startsWith(`${compound.schemaPath}/`);
  const rest = errors.filter((e) => !isUnder(e.instancePath, compound.instancePath) || sibling(e));
  const beneath = errors.filter((e) => e !== compound && isUnder(e.instancePath, compound.instancePath) && !sibling(e));
  return [...collapseErrors(rest, rootId), ...collapseErrors(bestBranch(compound, rootId) ?? beneath, rootId)];
}

/** Undefined when a branch cannot be re-validated: then ajv's own errors beneath it stand. */
function bestBranch(compound: ErrorObject, rootId: string): ErrorObject[] | undefined {
  const results = (compound.schema as unknown[]).map((_, i) => branchErrors(compound, i, rootId));
  if (results.some((r) => r === undefined)) return undefined;
  const branches = results as ErrorObject[][];
  const missing = missingKeyOfEach(compound, branches);
  if (missing) return [{ ...compound, keyword: 'exactlyOneOf', params: { keys: missing, found: [] } }];
  const plausible = branches.filter((errs) => !errs.some((e) => isShapeMismatch(e, compound.instancePath)));
  if (plausible.length === 0) return [wrongTypeOfAll(compound, branches)];
  return plausible.reduce((best, errs) => (errs.length < best.length ? errs : best));
}

/** Branches that each fail only by one missing key (`anyOf: [{required: [say]}, {required: [do]}]`). */
function missingKeyOfEach(compound: ErrorObject, branches: ErrorObject[][]): string[] | undefined {
  const keys = branches.map((errs) => {
    const [only] = errs;
    return errs.length === 1 && only!.keyword === 'required' && only!.instancePath === compound.instancePath
      ? String(only!.params['missingProperty'])
      : undefined;
  });
  return keys.every((k) => k !== undefined) && keys.length > 1 ? (keys as string[]) : undefined;
}

function branchErrors(compound: ErrorObject, index: number, rootId: string): ErrorObject[] | undefined {
  const pointer = pointerOf(rootId, compound.schema as object);
  // Not found (a schema built in a way we cannot index): keep the compound's own one-line error.
  if (pointer === undefined) return [{ ...compound, keyword: 'anyOfUnresolved' }];
  const errs = validateAt(rootId, `${pointer}/${index}`, compound.data);
  return errs?.map((e) => ({ ...e, instancePath: compound.instancePath + e.instancePath }));
}

/** A branch whose type (or constant) does not fit at all is not what the user meant. */
function isShapeMismatch(e: ErrorObject, at: string): boolean {
  return e.instancePath === at && (e.keyword === 'type' || e.keyword === 'const' || e.keyword === 'enum');
}

function wrongTypeOfAll(compound: ErrorObject, branches: ErrorObject[][]): ErrorObject {
  const expected: string[] = [];
  for (const errs of branches) {
    for (const e of errs.filter((x) => isShapeMismatch(x, compound.instancePath))) {
      const wanted =
        e.keyword === 'type'
          ? [e.params['type'] as string | string[]].flat()
          : e.keyword === 'const'
            ? [JSON.stringify(e.params['allowedValue'])]
            : (e.params['allowedValues'] as unknown[]).map((v) => JSON.stringify(v));
      for (const w of wanted) if (!expected.includes(w)) expected.push(w);
    }
  }
  return {
    keyword: 'type',
    instancePath: compound.instancePath,
    schemaPath: compound.schemaPath,
    params: { type: expected },
    data: compound.data,
  };
}
