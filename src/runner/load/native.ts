// A validated native spec document → ConversationSpecs.
import type { ConversationSpec } from '../../model/spec.js';
import type { SpecError } from '../../validation/index.js';
import { formatPath } from '../../validation/index.js';
import type { ConversationDocument } from './document.js';
import type { BuiltConversation, ConversationRefs } from './duplicates.js';
import { toExpectations } from './expectations.js';
import { mergeLayers, toHistory, type Layer, type MergedSettings } from './settings.js';
import type { Source } from './source.js';
import { toSimulation } from './simulation.js';
import { toTurn } from './turns.js';

/** A conversation as written, with where it was written (an included fragment keeps its own source). */
export interface RawConversation {
  source: Source;
  raw: ConversationDocument;
  index: number;
}

export interface BuildContext {
  /** The spec file the suite sees (ids and `file` use it, even for included conversations). */
  file: string;
  app?: string;
  defaults: Layer[];
}

export function toConversation(
  ctx: BuildContext,
  conversation: RawConversation,
  errors: SpecError[],
): BuiltConversation {
  const { source, raw, index } = conversation;
  const at = ['conversations', index];
  const { merged, tags, toolFakes } = mergeLayers([...ctx.defaults, { source, raw, at }]);
  const history = toHistory(merged.history);
  const spec: ConversationSpec = {
    id: `${ctx.file}#${raw.name}`,
    name: raw.name,
    file: ctx.file,
    loc: source.at([...at, 'name'], true),
    ...(ctx.app ? { app: ctx.app } : {}),
    tags,
    // A simulation is a sample of a random process: one run says little (pass^k needs repeats).
    repeat: merged.repeat ?? (raw.simulation ? 3 : 1),
    ...optionalSettings(merged),
    ...(history ? { history } : {}),
    ...(merged.variables ? { variables: merged.variables } : {}),
    modality: merged.modality ?? 'text',
    toolFakes,
    turns: (raw.turns ?? []).map((t, i) => toTurn(source, t, [...at, 'turns', i], errors)),
    ...(raw.simulation ? { simulation: toSimulation(source, raw.simulation, [...at, 'simulation']) } : {}),
    expect: toExpectations(source, raw.expect, [...at, 'expect'], errors),
    format: 'native',
  };
  const refs: ConversationRefs = { namePath: formatPath([...at, 'name']) };
  if (history && 'afterConversation' in history && raw.history !== undefined) {
    const depAt = [...at, 'history', 'afterConversation'];
    refs.dependency = { loc: source.at(depAt), path: formatPath(depAt) };
  }
  return { spec, refs };
}

/** The settings a conversation carries only when they were written somewhere. */
function optionalSettings(m: MergedSettings['merged']): Partial<ConversationSpec> {
  return {
    ...(m.passRate !== undefined && { passRate: m.passRate }),
    ...(m.golden !== undefined && { golden: m.golden }),
    ...(m.timeoutMs !== undefined && { timeoutMs: m.timeoutMs }),
    ...(m.useToolFakes !== undefined && { useToolFakes: m.useToolFakes }),
    ...(m.deploymentId !== undefined && { deploymentId: m.deploymentId }),
    ...(m.entryAgent !== undefined && { entryAgent: m.entryAgent }),
    ...(m.timeZone !== undefined && { timeZone: m.timeZone }),
    ...(m.pacing !== undefined && { pacing: m.pacing }),
    ...(m.skip !== undefined && { skip: m.skip }),
    ...(m.match !== undefined && { match: m.match }),
  };
}
