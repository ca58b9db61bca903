// One shared ajv (JSON Schema 2020-12) instance; each schema is compiled once and cached.
// Shipped schemas have build-time validators (precompile.ts): a valid document is checked
// without loading ajv's compiler, which is created only when a document is invalid.
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import type { ErrorObject, ValidateFunction } from 'ajv';
import type { FormatsPlugin } from 'ajv-formats';
import { AJV_BASE_OPTIONS, PRECOMPILED_FILES, schemaFingerprint } from './precompiled.js';

// ajv ships CommonJS with a default export; createRequire keeps NodeNext typing simple.
const require = createRequire(import.meta.url);

/**
 * `exactlyOneOf: [a, b, c]` — an object must have exactly one of these keys. It replaces the
 * `oneOf: [{required: [a]}, ...]` idiom, whose errors cannot say which keys were meant.
 */
function exactlyOneOf(keys: string[], data: unknown): boolean | ErrorObject[] {
  if (data === null || typeof data !== 'object' || Array.isArray(data)) return true;
  const found = keys.filter((k) => (data as Record<string, unknown>)[k] !== undefined);
  if (found.length === 1) return true;
  // ajv fills in instancePath and schemaPath of errors a keyword leaves without them.
  return [
    {
      keyword: 'exactlyOneOf',
      params: { keys, found },
      message: `must have exactly one of ${keys.join(', ')}`,
    } as unknown as ErrorObject,
  ];
}

function createAjv() {
  const Ajv2020 = require('ajv/dist/2020.js') as typeof import('ajv/dist/2020.js').default;
  const addFormats = require('ajv-formats') as FormatsPlugin;
  const ajv = new Ajv2020({ ...AJV_BASE_OPTIONS, allErrors: true, verbose: true });
  addFormats(ajv);
  ajv.addKeyword({
    keyword: 'exactlyOneOf',
    type: 'object',
    schemaType: 'array',
    errors: true,
    validate: function check(keys: string[], data: unknown) {
      const result = exactlyOneOf(keys, data);
      (check as unknown as { errors: ErrorObject[] | null }).errors =
        result === true ? null : (result as ErrorObject[]);
      return result === true;
    },
  });
  return ajv;
}

let ajv: ReturnType<typeof createAjv> | undefined;
/** The run-time compiler, loaded on first need (~60 ms of module loading, before any compiling). */
const runtimeAjv = (): ReturnType<typeof createAjv> => (ajv ??= createAjv());

const byObject = new WeakMap<object, ValidateFunction>();
const byId = new Map<string, ValidateFunction>();
let anonymous = 0;

/**
 * Compiles `schema` once (cached per object and per `$id`). A schema without `$id` gets a
 * generated one, because error collapsing re-validates `anyOf` branches by JSON pointer.
 */
export function compileSchema(schema: object): ValidateFunction {
  const cached = byObject.get(schema);
  if (cached) return cached;
  const id = (schema as { $id?: unknown }).$id;
  const known = typeof id === 'string' ? byId.get(id) : undefined;
  const validate =
    known ??
    (typeof id === 'string' ? precompiled(id, schema) : undefined) ??
    runtimeAjv().compile(typeof id === 'string' ? schema : { ...schema, $id: `urn:cxas-eval:schema:${++anonymous}` });
  byObject.set(schema, validate);
  byId.set(schemaId(validate), validate);
  return validate;
}

/** Where the build puts generated validators: dist/validation/precompiled/ (under src/ there are none). */
let precompiledDir: URL | undefined = new URL('../validation/precompiled/', import.meta.url);

/** Tests only: read generated validators from `dir`, or never use them (undefined). */
export function setPrecompiledDir(dir: URL | undefined): void {
  precompiledDir = dir;
}

/** Full run-time validators behind the precompiled ones, compiled on first need. */
const runtimeOf = new WeakMap<ValidateFunction, () => ValidateFunction>();

/**
 * The build-time validator of `schema`, if one exists and was generated from this very schema;
 * otherwise undefined and the caller compiles at run time (correct, only slower; stays silent).
 * It answers valid/invalid only: on invalid data the full validator is compiled and its result and
 * errors are returned, so messages, collapsing and `validateAt` are exactly the run-time ones.
 */
function precompiled(id: string, schema: object): ValidateFunction | undefined {
  const file = PRECOMPILED_FILES[id];
  if (!file || !precompiledDir) return undefined;
  let mod: { default: (data: unknown) => boolean; fingerprint?: unknown };
  try {
    mod = require(fileURLToPath(new URL(file, precompiledDir))) as typeof mod;
  } catch {
    return undefined; // not built (vitest runs src/), or unloadable: compile at run time
  }
  if (mod.fingerprint !== schemaFingerprint(schema)) return undefined; // stale build
  const fast = mod.default;
  let full: ValidateFunction | undefined;
  const runtime = (): ValidateFunction => (full ??= runtimeAjv().compile(schema));
  const validate = ((data: unknown): boolean => {
    if (fast(data)) {
      validate.errors = null;
      return true;
    }
    const v = runtime();
    const ok = v(data);
    validate.errors = v.errors;
    return ok;
  }) as ValidateFunction;
  validate.schema = schema; // schemaId and pointerOf read it
  // Rarely read (ajv internals): available, at the price of a run-time compile.
  Object.defineProperty(validate, 'schemaEnv', { get: () => runtime().schemaEnv });
  runtimeOf.set(validate, runtime);
  return validate;
}

export function schemaId(validate: ValidateFunction): string {
  return (validate.schema as { $id: string }).$id;
}

const pointerIndexes = new Map<string, WeakMap<object, string>>();

/**
 * The JSON pointer (`#/...`) of a sub-schema object inside the schema `rootId`, found by identity.
 * ajv's own `schemaPath` is relative to the `$ref` target it was reached through, so it cannot be used.
 */
export function pointerOf(rootId: string, subSchema: object): string | undefined {
  let index = pointerIndexes.get(rootId);
  if (!index) {
    index = new WeakMap();
    const root = byId.get(rootId)?.schema;
    if (root && typeof root === 'object') indexPointers(root, '#', index);
    pointerIndexes.set(rootId, index);
  }
  return index.get(subSchema);
}

function indexPointers(node: object, pointer: string, index: WeakMap<object, string>): void {
  if (index.has(node)) return;
  index.set(node, pointer);
  for (const [key, child] of Object.entries(node)) {
    if (child !== null && typeof child === 'object')
      indexPointers(child as object, `${pointer}/${key.replace(/~/g, '~0').replace(/\//g, '~1')}`, index);
  }
}

/**
 * Validates `data` against the sub-schema at `pointer` (`#/...`) of the schema `rootId`;
 * undefined when that branch cannot be compiled on its own.
 */
export function validateAt(rootId: string, pointer: string, data: unknown): ErrorObject[] | undefined {
  let sub: ValidateFunction | undefined;
  const root = byId.get(rootId);
  if (root) runtimeOf.get(root)?.(); // a precompiled root: ajv must know the full schema first
  try {
    sub = runtimeAjv().getSchema(`${rootId}${pointer}`);
  } catch {
    // A branch compiled alone loses its parent's `type` (e.g. `{required: [...]}`), which strict
    // mode rejects; such a branch cannot be re-validated.
    return undefined;
  }
  if (!sub) return [];
  return sub(data) ? [] : [...(sub.errors ?? [])];
}
