// cxas-scrapi turn-eval and golden files, loaded as they are into the native model (see README.md).
import type { ConversationSpec, SpecFile } from '../../model/spec.js';
import { SpecError, sortErrors } from '../../validation/index.js';
import type { BuiltConversation } from '../load/duplicates.js';
import type { KeyPath, Source } from '../load/source.js';
import type { ConvertNote, ScrapiContext, SourcePaths } from './context.js';
import { isGoldenExport, type Detection, type ScrapiFormat } from './detect.js';
import { exportConversations } from './export.js';
import { goldenConversations } from './golden.js';
import { simulationConversations } from './simulation.js';
import { toolTestFile } from './tool-tests.js';
import { turnEvalConversations } from './turn-eval.js';
import { validateScrapiDocument, type ScrapiDocument, type ScrapiKind } from './validated.js';

export { detectFormat, recogniseFormat, type Detection } from './detect.js';
export interface ScrapiLoad {
  file?: SpecFile;
  built: BuiltConversation[];
  notes: ConvertNote[];
  /** Where each mapped entry was written (for `convert`'s comments). */
  paths: SourcePaths;
}

/** Validates a cxas-scrapi file strictly and maps it; problems go to `errors`. */
export function loadScrapiSource(
  source: Source,
  detected: Extract<Detection, { by: unknown }>,
  errors: SpecError[],
): ScrapiLoad {
  const { format } = detected;
  const kind = kindOf(format, source.value);
  const schemaErrors: SpecError[] = [];
  const validated = validateScrapiDocument(source, kind, schemaErrors);
  errors.push(...withFormat(schemaErrors, source, kind, detected.by));
  if (!validated) return { built: [], notes: [], paths: new WeakMap() };
  if (validated.kind === 'tool-test')
    return { file: toolTestFile(source, validated.doc, errors), built: [], notes: [], paths: new WeakMap() };
  const ctx: ScrapiContext = { source, errors: [], notes: [], refs: new Map(), paths: new WeakMap() };
  const conversations = conversationsOf(ctx, validated);
  errors.push(...ctx.errors);
  const built = conversations.map((spec) => ({ spec, refs: ctx.refs.get(spec) ?? { namePath: 'name' } }));
  return { file: { file: source.file, format, conversations }, built, notes: ctx.notes, paths: ctx.paths };
}

const FORMAT_NAMES: Record<ScrapiKind, string> = {
  'turn-eval': 'turn evals',
  golden: 'golden',
  'golden-export': 'golden export (one platform Evaluation)',
  simulation: 'simulation evals',
  'tool-test': 'tool tests',
};

/**
 * The schema errors of a file recognised as cxas-scrapi, the first (in reading order) saying so and
 * by which key: a file meant as native but recognised otherwise then says why its messages describe
 * another format. Once per file, not on every line.
 */
function withFormat(errors: SpecError[], source: Source, kind: ScrapiKind, by: KeyPath): SpecError[] {
  const [first, ...rest] = sortErrors(errors);
  if (!first) return [];
  const at = source.at(by, true);
  const why = `read as cxas-scrapi ${FORMAT_NAMES[kind]}, recognised by "${by.at(-1)}" at ${at.line}:${at.col}`;
  return [new SpecError(first.code, first.loc, first.path, `${first.text} [${why}]`), ...rest];
}

/** The golden format has two forms: the dataset (`conversations:`) and one exported CES Evaluation. */
function kindOf(format: ScrapiFormat, value: unknown): ScrapiKind {
  switch (format) {
    case 'scrapi-turn-eval':
      return 'turn-eval';
    case 'scrapi-golden':
      return isGoldenExport(value) ? 'golden-export' : 'golden';
    case 'scrapi-simulation':
      return 'simulation';
    case 'scrapi-tool-test':
      return 'tool-test';
  }
}

function conversationsOf(ctx: ScrapiContext, d: Exclude<ScrapiDocument, { kind: 'tool-test' }>): ConversationSpec[] {
  switch (d.kind) {
    case 'turn-eval':
      return turnEvalConversations(ctx, d.doc);
    case 'golden':
      return goldenConversations(ctx, d.doc);
    case 'golden-export':
      return exportConversations(ctx, d.doc);
    case 'simulation':
      return simulationConversations(ctx, d.doc);
  }
}
