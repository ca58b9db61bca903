// A validated native spec document → ConversationSpecs.
import type { ConversationSpec, MatchStyle } from '../../model/spec.js';
import type { SpecError } from '../../validation/index.js';
import { formatPath } from '../../validation/index.js';
import { validateSubstituted, type ConversationDocument } from './document.js';
import type { BuiltConversation, ConversationRefs } from './duplicates.js';
import { toExpectations } from './expectations.js';
import { mergeLayers, toHistory, type Layer, type MergedSettings } from './settings.js';
import type { Source } from './source.js';
import { toSimulation } from './simulation.js';
import { toTurn } from './turns.js';
import { checkTurn } from './checks.js';
import type { DataRow } from './each-rows.js';
import { atRow, rowConversations, stepRowReferences } from './each.js';
import { expandTurns, type ExpandedTurn, type StepTable } from './steps.js';

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
  /** Reusable steps of the file and its fragments. */
  steps: StepTable;
  /** The config's `match:` (loadSpecs' option), under the file's defaults and the conversation's own. */
  match?: MatchStyle;
}

/**
 * The conversations one written conversation stands for: itself, or one per row of its `each:`
 * (`rows` undefined with `each:` written means the rows could not be read: errors are already out).
 * Step uses are expanded first, so a row's values reach the steps' turns too.
 */
export function toConversations(
  ctx: BuildContext,
  conversation: RawConversation,
  rows: DataRow[] | undefined,
  errors: SpecError[],
): BuiltConversation[] {
  const { source, raw, index } = conversation;
  const turns = expandTurns(ctx.steps, source, raw.turns ?? [], ['conversations', index, 'turns'], errors);
  for (const t of turns.filter((x) => x.parameterised)) checkParameterised(t, errors);
  if (raw.each === undefined) {
    errors.push(...stepRowReferences(turns));
    return [toConversation(ctx, conversation, turns, errors)];
  }
  if (rows === undefined) return [];
  return rowConversations(conversation, turns, rows, errors).map((r) =>
    toConversation(ctx, r.conversation, r.turns, errors, r.row),
  );
}

/**
 * A step's turn with `with:` values put in: the schema and the checks again (an empty value can make
 * `user:` or `contains:` empty, another one a regex invalid); the checks read a shape the schema holds.
 */
function checkParameterised(t: ExpandedTurn, errors: SpecError[]): void {
  const problems = validateSubstituted(t.source, t.at, t.raw);
  if (problems.length) errors.push(...problems);
  else checkTurn(t.source, t.raw, t.at, errors);
}

function toConversation(
  ctx: BuildContext,
  conversation: RawConversation,
  turns: ExpandedTurn[],
  errors: SpecError[],
  row?: DataRow,
): BuiltConversation {
  const { source, raw, index } = conversation;
  const at = ['conversations', index];
  const own: Layer = { source, raw, at };
  const layers = [...ctx.defaults, own];
  const { merged, tags, toolFakes } = mergeLayers(layers);
  const history = toHistory(merged.history);
  // How the expectations' shorthands read (a plain text string under strict is the whole reply).
  const match = merged.match ?? ctx.match ?? 'lenient';
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
    ...entryAgentLoc(layers),
    ...(history ? { history } : {}),
    ...(merged.variables ? { variables: merged.variables } : {}),
    modality: merged.modality ?? 'text',
    toolFakes,
    turns: turns.map((t) => rowTurn(t, match, errors, row)),
    ...(raw.simulation ? { simulation: toSimulation(source, raw.simulation, [...at, 'simulation']) } : {}),
    expect: toExpectations(source, raw.expect, [...at, 'expect'], { match, scope: 'conversation' }, errors),
    format: 'native',
  };
  // A row's conversation is named after its row: a duplicate row is reported there.
  const refs: ConversationRefs = row
    ? { namePath: row.path || formatPath([...at, 'each']), nameLoc: row.loc }
    : { namePath: formatPath([...at, 'name']) };
  // The dependency is reported where it was written: the conversation's own history or a default's.
  const from = layers.findLast((l) => l.raw.history !== undefined);
  if (history && 'afterConversation' in history && from) {
    const depAt = [...from.at, 'history', 'afterConversation'];
    const inherited = from !== own ? { inherited: true } : {};
    refs.dependency = { loc: from.source.at(depAt), path: formatPath(depAt), ...inherited };
  }
  return { spec, refs };
}

/**
 * A turn a row's values went into: a problem they made (a data file's path that is missing) is
 * reported at the row, as the template's checks with the row's values are (each.ts).
 */
function rowTurn(t: ExpandedTurn, match: MatchStyle, errors: SpecError[], row: DataRow | undefined) {
  if (!row || !t.fromRow) return toTurn(t.source, t.raw, t.at, match, errors);
  const own: SpecError[] = [];
  const turn = toTurn(t.source, t.raw, t.at, match, own);
  errors.push(...atRow(row, own));
  return turn;
}

/** Where the `entryAgent` in effect was written: the last layer (defaults, then the conversation) that sets it. */
function entryAgentLoc(layers: readonly Layer[]): Pick<ConversationSpec, 'entryAgentLoc'> {
  const from = layers.findLast((l) => l.raw.entryAgent !== undefined);
  return from ? { entryAgentLoc: from.source.at([...from.at, 'entryAgent']) } : {};
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
