// cxas-scrapi turn-eval and golden files, loaded as they are into the native model (see README.md).
import type { SpecFile } from '../../model/spec.js';
import { compileSchema, validateDocument, type SpecError } from '../../validation/index.js';
import type { Source } from '../load/source.js';
import type { ConvertNote, ScrapiContext } from './context.js';
import type { SpecFormat } from './detect.js';
import { goldenConversations } from './golden.js';
import { GOLDEN_SCHEMA, TURN_EVAL_SCHEMA } from './schemas.js';
import { turnEvalConversations } from './turn-eval.js';

export { detectFormat, type SpecFormat } from './detect.js';
export type { ConvertNote } from './context.js';

export interface ScrapiLoad { file?: SpecFile; notes: ConvertNote[] }

/** Validates a cxas-scrapi file strictly and maps it; problems go to `errors`. */
export function loadScrapiSource(source: Source, format: Exclude<SpecFormat, 'native'>, errors: SpecError[]): ScrapiLoad {
  const schema = format === 'scrapi-golden' ? GOLDEN_SCHEMA : TURN_EVAL_SCHEMA;
  const schemaErrors = validateDocument(compileSchema(schema), source, source.file);
  if (schemaErrors.length) {
    errors.push(...schemaErrors);
    return { notes: [] };
  }
  const ctx: ScrapiContext = { source, errors: [], notes: [] };
  const conversations = format === 'scrapi-golden' ? goldenConversations(ctx) : turnEvalConversations(ctx);
  errors.push(...ctx.errors);
  return { file: { file: source.file, format, conversations }, notes: ctx.notes };
}
