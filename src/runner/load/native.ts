// A validated native spec document → ConversationSpecs.
import type { JsonObject } from '../../model/json.js';
import type { ConversationSpec } from '../../model/spec.js';
import type { SpecError } from '../../validation/index.js';
import { dependencyRefs, namePaths } from './duplicates.js';
import { toExpectations } from './expectations.js';
import { formatPath } from '../../validation/index.js';
import { mergeLayers, toHistory, type Layer } from './settings.js';
import type { Source } from './source.js';
import { toTurn } from './turns.js';

type Raw = Record<string, unknown>;

/** A conversation as written, with where it was written (an included fragment keeps its own source). */
export interface RawConversation { source: Source; raw: Raw; index: number }

export interface BuildContext {
  /** The spec file the suite sees (ids and `file` use it, even for included conversations). */
  file: string;
  app?: string;
  defaults: Layer[];
}

export function toConversation(ctx: BuildContext, { source, raw, index }: RawConversation, errors: SpecError[]): ConversationSpec {
  const at = ['conversations', index];
  const { merged, toolFakes } = mergeLayers([...ctx.defaults, { source, raw, at }]);
  const name = raw['name'] as string;
  const history = toHistory(merged['history']);
  const optional = pick(merged, ['passRate', 'timeoutMs', 'useToolFakes', 'deploymentId', 'entryAgent', 'timeZone', 'pacing', 'skip', 'match']);
  const spec: ConversationSpec = {
    id: `${ctx.file}#${name}`,
    name,
    file: ctx.file,
    loc: source.at([...at, 'name'], true),
    ...(ctx.app ? { app: ctx.app } : {}),
    tags: merged['tags'] as string[],
    repeat: (merged['repeat'] as number | undefined) ?? 1,
    ...optional,
    ...(history ? { history } : {}),
    ...(merged['variables'] ? { variables: merged['variables'] as JsonObject } : {}),
    modality: (merged['modality'] as ConversationSpec['modality'] | undefined) ?? 'text',
    toolFakes,
    turns: (raw['turns'] as Raw[]).map((t, i) => toTurn(source, t, [...at, 'turns', i], errors)),
    expect: toExpectations(source, raw['expect'], [...at, 'expect'], errors),
    format: 'native',
  };
  namePaths.set(spec, formatPath([...at, 'name']));
  if (history && 'afterConversation' in history && raw['history'] !== undefined) {
    dependencyRefs.set(spec, { loc: source.at([...at, 'history', 'afterConversation']), path: formatPath([...at, 'history', 'afterConversation']) });
  }
  return spec;
}

function pick(from: Raw, keys: string[]): Raw {
  return Object.fromEntries(keys.filter((k) => from[k] !== undefined).map((k) => [k, from[k]]));
}
