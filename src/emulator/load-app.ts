// Loads and validates an emulator app: YAML (positions kept) → JSON Schema
// (schemas/emulator-app.schema.json) → cross-references, through the shared src/validation layer,
// so app files report mistakes exactly like spec files: `file:line:col path: message`.
import * as path from 'node:path';
import { Document } from 'yaml';
import {
  compileSchema,
  formatPath,
  loadYamlFile,
  locate,
  validateDocument,
  type SpecError,
  type YamlDoc,
} from '../validation/index.js';
import type { AppDefinition } from './app.js';
import { checkAppReferences, type AppProblem } from './check-app.js';
import { withTranscriptsFile } from './transcripts.js';
import { packagePath, readSchema } from '../package-root.js';

/** In-memory apps have no file: their problems are located at this name. */
const IN_MEMORY = '<app>';

const APP_SCHEMA = 'emulator-app.schema.json';

export class AppDefinitionError extends Error {
  readonly code = 'EMULATOR_APP_INVALID';
  /** One `file:line:col path: message` line per problem (the message shows the first). */
  constructor(readonly problems: string[]) {
    super(
      problems.length > 1
        ? `${problems[0]} (and ${problems.length - 1} more)`
        : (problems[0] ?? 'invalid emulator app'),
    );
    this.name = 'AppDefinitionError';
  }
}

export async function loadAppDefinition(file: string): Promise<AppDefinition> {
  const loaded = await loadYamlFile(file, readSchema(APP_SCHEMA), packagePath('schemas', APP_SCHEMA));
  if (!loaded.doc) throw new AppDefinitionError(loaded.errors.map((e) => e.message));
  if (loaded.errors.length) throw schemaAndReferenceErrors(loaded.errors, loaded.value, loaded.doc, file);
  return checked(loaded.value, loaded.doc, file, path.dirname(path.resolve(file)));
}

/** Validates an in-memory app; a transcriptsFile is relative to `baseDir` (default: cwd). */
export async function validateAppObject(value: unknown, baseDir = process.cwd()): Promise<AppDefinition> {
  const doc = new Document(value);
  const errors = validateDocument(compileSchema(readSchema(APP_SCHEMA)), { doc, value }, IN_MEMORY);
  if (errors.length) throw schemaAndReferenceErrors(errors, value, doc, IN_MEMORY);
  return checked(value, doc, IN_MEMORY, baseDir);
}

/** Codes of JSON Schema errors: the document parsed, so its cross-references can still be checked. */
const SCHEMA_CODES = new Set(['UNKNOWN_KEY', 'WRONG_TYPE', 'MISSING_KEY', 'BAD_VALUE']);

type Where = (p: AppProblem['path']) => string;

const locator =
  (doc: YamlDoc, file: string): Where =>
  (p) => {
    const loc = locate(doc, p, file);
    return `${loc.file}:${loc.line}:${loc.col} ${formatPath(p) || '(root)'}`;
  };

/**
 * Every problem of the file in one pass: the schema errors first (they are the cause), then the
 * cross-references that still make sense. A reference at, inside or around a value the schema
 * rejected is left out: it would only repeat that error in other words (a `transfer: 42` is not
 * also "agent 42 is not defined"). A file that did not parse (syntax, size) has only its own error.
 */
function schemaAndReferenceErrors(schema: SpecError[], value: unknown, doc: YamlDoc, file: string): AppDefinitionError {
  if (!schema.every((e) => SCHEMA_CODES.has(e.code))) return new AppDefinitionError(schema.map((e) => e.message));
  const where = locator(doc, file);
  const rejected = schema.map((e) => e.path).filter((p) => p !== '');
  const overlaps = (p: string): boolean => rejected.some((r) => within(p, r) || within(r, p));
  const references = referenceProblems(value)
    .filter((p) => !overlaps(formatPath(p.path)))
    .map((p) => `${where(p.path)}: ${p.message}`);
  return new AppDefinitionError([...schema.map((e) => e.message), ...references]);
}

/** `inner` is `outer` or a path below it (`a.b[2]` is within `a.b`, `a.bc` is not). */
function within(inner: string, outer: string): boolean {
  return inner === outer || (inner.startsWith(outer) && /^[.[]/.test(inner.slice(outer.length)));
}

/** The cross-references of a value the schema rejected: its shape may be anything, so a check that trips is none. */
function referenceProblems(value: unknown): AppProblem[] {
  try {
    return checkAppReferences(value as AppDefinition);
  } catch {
    return [];
  }
}

/** Cross-references (agents, tools, regexes) and the transcripts file, once the schema holds. */
async function checked(value: unknown, doc: YamlDoc, file: string, baseDir: string): Promise<AppDefinition> {
  const where = locator(doc, file);
  const references = checkAppReferences(value as AppDefinition).map((p) => `${where(p.path)}: ${p.message}`);
  if (references.length) throw new AppDefinitionError(references);
  const loaded = await withTranscriptsFile(value as AppDefinition, baseDir);
  if (loaded.problems.length)
    throw new AppDefinitionError(loaded.problems.map((p) => `${where(['transcriptsFile'])}: ${p}`));
  return loaded.app;
}
