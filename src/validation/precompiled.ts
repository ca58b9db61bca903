// What the build-time generator (precompile.ts) and the run-time loader (schema.ts) must agree on.
// Kept apart from both so the run-time path imports only this, never ajv's compiler.
import { createHash } from 'node:crypto';

/** ajv options shared by run-time compiling and build-time code generation. */
export const AJV_BASE_OPTIONS = { strict: true, allowUnionTypes: true, strictRequired: false } as const;

/** Schema `$id` → generated module in dist/validation/precompiled/. Other schemas compile at run time. */
export const PRECOMPILED_FILES: Readonly<Record<string, string>> = {
  'https://cxas-eval.dev/schemas/spec.schema.json': 'spec.cjs',
  'https://cxas-eval.dev/schemas/config.schema.json': 'config.cjs',
  'https://cxas-eval.dev/schemas/emulator-app.schema.json': 'emulator-app.cjs',
  'https://cxas-eval.dev/schemas/report.schema.json': 'report.cjs',
  'https://cxas-eval.dev/schemas/judge-reply.schema.json': 'judge-reply.cjs',
};

/**
 * Identifies the schema a module was generated from: schemas/ is read at run time, so an edited
 * schema with a stale build must not be checked by old code.
 */
export function schemaFingerprint(schema: object): string {
  return createHash('sha256').update(JSON.stringify(schema)).digest('hex');
}
