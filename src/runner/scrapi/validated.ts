// The validated boundary of the cxas-scrapi formats: a parsed file becomes its format's typed
// document here, and only here, right after that format's JSON Schema (schemas/scrapi-*.schema.json)
// accepted it. The types are generated from those schemas (npm run gen:types), so the builders
// read the documents without casts.
import { compileSchema, validateDocument, type SpecError } from '../../validation/index.js';
import { readSchema } from '../../package-root.js';
import type { Source } from '../load/source.js';
import type { GoldenExportDocument } from './golden-export-document.generated.js';
import type { GoldenDocument } from './golden-document.generated.js';
import type { SimulationDocument } from './simulation-document.generated.js';
import type { ToolTestDocument } from './tool-test-document.generated.js';
import type { TurnEvalDocument } from './turn-eval-document.generated.js';

export type ScrapiDocument =
  | { kind: 'turn-eval'; doc: TurnEvalDocument }
  | { kind: 'golden'; doc: GoldenDocument }
  | { kind: 'golden-export'; doc: GoldenExportDocument }
  | { kind: 'simulation'; doc: SimulationDocument }
  | { kind: 'tool-test'; doc: ToolTestDocument };

export type ScrapiKind = ScrapiDocument['kind'];

/** The typed document, or undefined with the schema's errors (file:line:col) added to `errors`. */
export function validateScrapiDocument(
  source: Source,
  kind: ScrapiKind,
  errors: SpecError[],
): ScrapiDocument | undefined {
  const schema = compileSchema(readSchema(`scrapi-${kind}.schema.json`));
  const schemaErrors = validateDocument(schema, source, source.file);
  if (schemaErrors.length) {
    errors.push(...schemaErrors);
    return undefined;
  }
  // The schema of `kind` has just accepted the value, and each type was generated from its schema.
  const { value } = source;
  switch (kind) {
    case 'turn-eval':
      return { kind, doc: value as TurnEvalDocument };
    case 'golden':
      return { kind, doc: value as GoldenDocument };
    case 'golden-export':
      return { kind, doc: value as GoldenExportDocument };
    case 'simulation':
      return { kind, doc: value as SimulationDocument };
    case 'tool-test':
      return { kind, doc: value as ToolTestDocument };
  }
}
