// Loads and validates an emulator app: YAML (positions kept) → JSON Schema
// (schemas/emulator-app.schema.json) → cross-references, through the shared src/validation layer,
// so app files report mistakes exactly like spec files: `file:line:col path: message`.
import * as path from 'node:path';
import { Document } from 'yaml';
import { compileSchema, formatPath, loadYamlFile, locate, validateDocument } from '../validation/index.js';
import type { AppDefinition } from './app.js';
import { checkAppReferences, type AppProblem } from './check-app.js';
import { withTranscriptsFile } from './transcripts.js';
import { readSchema } from '../package-root.js';

/** In-memory apps have no file: their problems are located at this name. */
const IN_MEMORY = '<app>';

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
  const loaded = await loadYamlFile(file, readSchema('emulator-app.schema.json'));
  if (loaded.errors.length || !loaded.doc) throw new AppDefinitionError(loaded.errors.map((e) => e.message));
  return checked(loaded.value, loaded.doc, file, path.dirname(path.resolve(file)));
}

/** Validates an in-memory app; a transcriptsFile is relative to `baseDir` (default: cwd). */
export async function validateAppObject(value: unknown, baseDir = process.cwd()): Promise<AppDefinition> {
  const doc = new Document(value);
  const errors = validateDocument(compileSchema(readSchema('emulator-app.schema.json')), { doc, value }, IN_MEMORY);
  if (errors.length) throw new AppDefinitionError(errors.map((e) => e.message));
  return checked(value, doc, IN_MEMORY, baseDir);
}

/** Cross-references (agents, tools, regexes) and the transcripts file, once the schema holds. */
async function checked(value: unknown, doc: Document, file: string, baseDir: string): Promise<AppDefinition> {
  const where = (p: AppProblem['path']): string => {
    const loc = locate(doc, p, file);
    return `${loc.file}:${loc.line}:${loc.col} ${formatPath(p) || '(root)'}`;
  };
  const references = checkAppReferences(value as AppDefinition).map((p) => `${where(p.path)}: ${p.message}`);
  if (references.length) throw new AppDefinitionError(references);
  const loaded = await withTranscriptsFile(value as AppDefinition, baseDir);
  if (loaded.problems.length)
    throw new AppDefinitionError(loaded.problems.map((p) => `${where(['transcriptsFile'])}: ${p}`));
  return loaded.app;
}
