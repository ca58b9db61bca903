// cxas-scrapi turn-eval and golden files, loaded as they are into the native model (see README.md).
import type { SpecFile } from '../../model/spec.js';
import { compileSchema, validateDocument, type SpecError } from '../../validation/index.js';
import type { BuiltConversation } from '../load/duplicates.js';
import type { Source } from '../load/source.js';
import type { ConvertNote, ScrapiContext } from './context.js';
import { isGoldenExport, type SpecFormat } from './detect.js';
import { exportConversations } from './export.js';
import { EXPORT_SCHEMA } from './export-schema.js';
import { goldenConversations } from './golden.js';
import { GOLDEN_SCHEMA, TURN_EVAL_SCHEMA } from './schemas.js';
import { turnEvalConversations } from './turn-eval.js';
import { SIMULATION_SCHEMA, simulationConversations } from './simulation.js';
import { loadToolTestSource } from './tool-tests.js';

export { detectFormat, type SpecFormat } from './detect.js';
export type { ConvertNote } from './context.js';

export interface ScrapiLoad {
  file?: SpecFile;
  built: BuiltConversation[];
  notes: ConvertNote[];
}

/** Validates a cxas-scrapi file strictly and maps it; problems go to `errors`. */
export function loadScrapiSource(
  source: Source,
  format: Exclude<SpecFormat, 'native'>,
  errors: SpecError[],
): ScrapiLoad {
  if (format === 'scrapi-tool-test') {
    const file = loadToolTestSource(source, errors);
    return { ...(file ? { file } : {}), built: [], notes: [] };
  }
  const exported = format === 'scrapi-golden' && isGoldenExport(source.value as Record<string, unknown>);
  const simulation = format === 'scrapi-simulation';
  const schema = exported
    ? EXPORT_SCHEMA
    : simulation
      ? SIMULATION_SCHEMA
      : format === 'scrapi-golden'
        ? GOLDEN_SCHEMA
        : TURN_EVAL_SCHEMA;
  const schemaErrors = validateDocument(compileSchema(schema), source, source.file);
  if (schemaErrors.length) {
    errors.push(...schemaErrors);
    return { built: [], notes: [] };
  }
  const ctx: ScrapiContext = { source, errors: [], notes: [], refs: new Map() };
  const conversations = exported
    ? exportConversations(ctx)
    : simulation
      ? simulationConversations(ctx)
      : format === 'scrapi-golden'
        ? goldenConversations(ctx)
        : turnEvalConversations(ctx);
  errors.push(...ctx.errors);
  const built = conversations.map((spec) => ({ spec, refs: ctx.refs.get(spec) ?? { namePath: 'name' } }));
  return { file: { file: source.file, format, conversations }, built, notes: ctx.notes };
}
