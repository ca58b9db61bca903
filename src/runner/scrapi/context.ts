// Shared state while mapping one cxas-scrapi file: its source, errors and convert notes.
import type { ConversationSpec } from '../../model/spec.js';
import { formatPath, type SpecError } from '../../validation/index.js';
import type { ConversationRefs } from '../load/duplicates.js';
import type { Source } from '../load/source.js';

/** Where meaning could not be carried exactly; `convert` writes these as YAML comments. */
export interface ConvertNote {
  conversation: number;
  turn?: number;
  text: string;
}

export interface ScrapiContext {
  source: Source;
  errors: SpecError[];
  notes: ConvertNote[];
  /** Where each mapped conversation's name (and dependency) was written, for suite-wide errors. */
  refs: Map<ConversationSpec, ConversationRefs>;
  /**
   * Where each mapped conversation, turn and expectation was written in the cxas-scrapi file, so
   * `convert` can carry the author's comments to the entry they describe.
   */
  paths: SourcePaths;
}

export type SourcePaths = WeakMap<object, Path>;

export type Path = Array<string | number>;

/** `value`, recorded as written at `at` (ScrapiContext.paths). */
export function traced<T extends object>(ctx: ScrapiContext, value: T, at: Path): T {
  ctx.paths.set(value, at);
  return value;
}

/**
 * A mapped conversation: its id and location from the name written at `nameAt`, which is also
 * recorded for suite-wide errors (duplicate names); traced to `at`.
 */
export function mappedConversation(
  ctx: ScrapiContext,
  at: Path,
  nameAt: Path,
  fields: Omit<ConversationSpec, 'id' | 'file' | 'loc'>,
): ConversationSpec {
  const { file } = ctx.source;
  const { name, ...rest } = fields;
  const spec: ConversationSpec = { id: `${file}#${name}`, name, file, loc: ctx.source.at(nameAt, true), ...rest };
  ctx.refs.set(spec, { namePath: formatPath(nameAt) });
  return traced(ctx, spec, at);
}

/** `variables` when there are any (an empty map is left out of the spec). */
export const someVariables = (variables: ConversationSpec['variables']): Pick<ConversationSpec, 'variables'> =>
  variables && Object.keys(variables).length ? { variables } : {};
