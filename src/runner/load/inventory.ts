// Spec names checked against the app's inventory (for `validate`, and for `run` against the
// in-process emulator): the tools a toolCall expects and a tool fake answers, the agents a
// transfer names, a conversation's entryAgent, the tools its toolResponses answer for and the tool
// a tool test calls. A fake for a tool the app does not have, or has only as a server-side tool,
// would never fire; a toolCall or transfer naming a nonexistent tool or agent could never pass; an
// unknown entryAgent or tool test tool fails every run (NOT_FOUND), blaming the app. Each is an
// error at the spec's file:line:col.
import { quoted, type SourceLocation } from '../../model/location.js';
import type {
  ConversationSpec,
  Expectation,
  SpecFile,
  ToolCallOptions,
  ToolTestSpec,
  TransferOptions,
} from '../../model/spec.js';
import { namesOf, shortName, type AppInventory, type InventoryTool } from '../../model/inventory.js';
import { SpecError, suggestKey } from '../../validation/index.js';
import { namingEnv } from './env.js';

/** The app's inventory (src/model/inventory.ts) and how messages name where it came from. */
export interface InventoryCheck {
  inventory: AppInventory;
  /** Named in messages: `emulator app app.yaml`, `app projects/…`. */
  source: string;
}

/**
 * `toolFakes: false` (run): only the expectations' names. A fake that answers no call is reported by
 * the run itself (a warning in every report, a failure under match: strict), as it is against CES.
 */
export function checkAgainstInventory(
  files: readonly SpecFile[],
  inventory: InventoryCheck,
  { toolFakes = true }: { toolFakes?: boolean } = {},
): SpecError[] {
  const errors = new Map<string, SpecError>();
  for (const file of files) {
    // A name an `${env.NAME}` gave is shown as that reference, never as its value.
    const add = (e: SpecError | undefined): void => {
      const [shown] = e ? namingEnv([e], file.envValues) : [];
      // Settings from `defaults:` are copied into each conversation: one error per position.
      if (shown && !errors.has(shown.message)) errors.set(shown.message, shown);
    };
    for (const c of file.conversations) {
      if (toolFakes) for (const fake of c.toolFakes) add(fakeProblem(fake.tool, fake.loc ?? c.loc, inventory));
      for (const problem of sentNameProblems(c, inventory)) add(problem);
      const expectations = [...c.expect, ...c.turns.flatMap((t) => t.expect)];
      for (const e of expectations) for (const problem of expectationProblems(e, inventory)) add(problem);
    }
    for (const t of file.toolTests ?? []) add(toolTestProblem(t, inventory));
  }
  return [...errors.values()];
}

/** The names a conversation sends: its entryAgent, and the tools its toolResponses answer for. */
function sentNameProblems(c: ConversationSpec, inv: InventoryCheck): SpecError[] {
  const problems: SpecError[] = [];
  if (c.entryAgent && c.entryAgentLoc) {
    const problem = entryAgentProblem(c.entryAgent, inv);
    if (problem) problems.push(new SpecError('UNKNOWN_AGENT', c.entryAgentLoc, 'entryAgent', problem));
  }
  for (const t of c.turns) {
    if (t.input.kind !== 'toolResponses') continue;
    for (const r of t.input.responses) {
      const problem = r.loc ? toolResponseProblem(r.tool, inv) : undefined;
      if (problem) problems.push(new SpecError('UNKNOWN_TOOL', r.loc!, 'toolResponses', problem));
    }
  }
  return problems;
}

/**
 * Why an entryAgent could never start a session, or undefined. It is sent as a resource name built
 * from the agent's id (src/client/names.ts childName), so a display name is no agent's.
 */
function entryAgentProblem(name: string, inv: InventoryCheck): string | undefined {
  const agents = inv.inventory.agents;
  if (agents.some((a) => a.id === name || a.resource === name)) return undefined;
  return `agent ${quoted(name)}: ${notAnId('agent', name, agents, inv, 'entryAgent')}`;
}

/**
 * Why a toolResponses entry's tool is no tool of the app, or undefined. Sent as a resource name built
 * from the tool's id, as entryAgent is. A toolset's tools are not listed: with toolsets in the app, an
 * unknown name is not an error (as for a toolCall).
 */
function toolResponseProblem(name: string, inv: InventoryCheck): string | undefined {
  const tools = inv.inventory.tools;
  if (tools.some((t) => t.id === name || t.resource === name)) return undefined;
  if (inToolset(inv) && !tools.some((t) => t.displayName === name)) return undefined;
  return `tool ${quoted(name)}: ${notAnId('tool', name, tools, inv, 'a tool response')}`;
}

/**
 * An unknown name sent as an id: a display name is pointed to its id, anything else gets the nearest
 * id or display name (by its last segment when it is a resource name).
 */
function notAnId(
  kind: string,
  name: string,
  items: ReadonlyArray<{ id: string; displayName?: string }>,
  inv: InventoryCheck,
  what: string,
): string {
  const byDisplay = items.find((i) => i.displayName === name);
  if (byDisplay) return `${what} names its ${kind} by id, not display name (did you mean ${quoted(byDisplay.id)}?)`;
  const guess = suggestKey(shortName(name), [...items.map((i) => i.id), ...items.flatMap((i) => i.displayName ?? [])]);
  const id = guess === undefined ? undefined : items.find((i) => i.id === guess || i.displayName === guess)?.id;
  const hint = id ? `did you mean ${quoted(id)}?` : `${kind}s: ${items.map((i) => i.id).join(', ') || 'none'}`;
  return `${inv.source} has no ${kind} of that name (${hint})`;
}

/**
 * Why a tool test's tool could not be found, or undefined: the tool directory (src/platform/tool-tests)
 * takes a display name, then an id, among the listed tools; a full resource name goes as it is, so
 * it must be a listed tool's (or a toolset's tool).
 */
function toolTestProblem(t: ToolTestSpec, inv: InventoryCheck): SpecError | undefined {
  if (!t.toolLoc) return undefined;
  const { tools, toolsets } = inv.inventory;
  if (t.tool.includes('/tools/')) {
    if (tools.some((x) => x.resource === t.tool)) return undefined;
    if (toolsets.some((s) => t.tool.startsWith(`${s.resource}/tools/`))) return undefined;
  } else if (tools.some((x) => x.id === t.tool || x.displayName === t.tool)) return undefined;
  return new SpecError(
    'UNKNOWN_TOOL',
    t.toolLoc,
    'tool',
    `tool ${quoted(t.tool)}: ${noSuchTool(shortName(t.tool), inv)}`,
  );
}

function fakeProblem(tool: string, loc: SourceLocation | undefined, inv: InventoryCheck): SpecError | undefined {
  if (!loc) return undefined;
  const found = findTool(tool, inv);
  if (!found)
    return new SpecError('UNKNOWN_TOOL', loc, 'toolFakes', `tool fake ${quoted(tool)}: ${noSuchTool(tool, inv)}`);
  if (found.origin === 'client') return undefined;
  const clientTools = inv.inventory.tools.filter((t) => t.origin === 'client').map((t) => t.displayName ?? t.id);
  return new SpecError(
    'SERVER_TOOL_FAKE',
    loc,
    'toolFakes',
    `tool fake ${quoted(tool)}: a server-side tool of ${inv.source}, answered by the server, ` +
      `so this fake never fires (client tools: ${clientTools.join(', ') || 'none'})`,
  );
}

function expectationProblems(e: Expectation, inv: InventoryCheck): SpecError[] {
  if (!e.loc) return [];
  if (e.matcher === 'toolCall') {
    const problem = toolCallProblem(e.options, inv);
    return problem ? [new SpecError('UNKNOWN_TOOL', e.loc, 'toolCall', problem)] : [];
  }
  if (e.matcher === 'toolSequence') {
    // Each listed tool is compared with a call's names as a toolCall's `name` is.
    return e.options.tools.flatMap((t) => {
      const problem = calledNameProblem(t, inv);
      return problem ? [new SpecError('UNKNOWN_TOOL', e.loc!, 'toolSequence', problem)] : [];
    });
  }
  if (e.matcher === 'transfer') {
    return transferTargets(e.options).flatMap((a) => {
      const problem = agentProblem(a, inv);
      return problem ? [new SpecError('UNKNOWN_AGENT', e.loc!, 'transfer', problem)] : [];
    });
  }
  return [];
}

/**
 * Why a toolCall's exact name could never match, or undefined. `name` is compared with a call's id
 * and display name; `displayName` alone only with its display name (its id when it has none), as
 * the matcher does (src/assertions/tool-call.ts), so a tool's id there never matches a tool that
 * has a display name.
 */
function toolCallProblem(options: ToolCallOptions, inv: InventoryCheck): string | undefined {
  if (options.nameMatch !== undefined && options.nameMatch !== 'exact') return undefined;
  const { name, displayName } = options;
  if (name !== undefined) return calledNameProblem(name, inv);
  if (displayName === undefined) return undefined;
  const shown = inv.inventory.tools.map((t) => t.displayName ?? t.id);
  if (shown.includes(displayName)) return undefined;
  const tool = findTool(displayName, inv);
  if (!tool && inToolset(inv)) return undefined;
  if (!tool) return `tool displayName ${quoted(displayName)}: ${noSuch('tool', displayName, shown, inv)}`;
  const hint = `did you mean name: ${quoted(tool.id)}, or displayName: ${quoted(tool.displayName ?? tool.id)}?`;
  return (
    `tool displayName ${quoted(displayName)}: not a display name of ${inv.source}, ` +
    `and displayName is compared with display names only (${hint})`
  );
}

/**
 * Why a tool named as a call's name (toolCall `name`, toolSequence `tools`) could never match, or
 * undefined. A call answers to its tool's id and display name (src/assertions/tool-names.ts), not
 * to the full resource name.
 */
function calledNameProblem(name: string, inv: InventoryCheck): string | undefined {
  const tools = inv.inventory.tools;
  if (tools.some((t) => t.id === name || t.displayName === name)) return undefined;
  const tool = findTool(name, inv);
  if (!tool && inToolset(inv)) return undefined;
  if (!tool) return `tool ${quoted(name)}: ${noSuchTool(name, inv)}`;
  const hint = `did you mean ${quoted(tool.id)}?`;
  return `tool ${quoted(name)}: a call is named by its tool's id or display name, not its resource (${hint})`;
}

/**
 * Why a transfer's exact agent name could never match, or undefined. A transfer answers to its
 * agent's id and display name (src/assertions/transfer.ts), not to the full resource name, as
 * README promises; accepting the resource here would let `not: { transfer: <resource> }` pass
 * whatever the agent did.
 */
function agentProblem(name: string, inv: InventoryCheck): string | undefined {
  const agents = inv.inventory.agents;
  if (agents.some((a) => a.id === name || a.displayName === name)) return undefined;
  const byResource = agents.find((a) => a.resource === name);
  if (byResource) {
    const hint = `did you mean ${quoted(byResource.id)}?`;
    return `agent ${quoted(name)}: a transfer is named by its agent's id or display name, not its resource (${hint})`;
  }
  const shown = agents.map((a) => a.displayName ?? a.id);
  return `agent ${quoted(name)}: ${noSuch('agent', name, shown, inv, [...agents.map((a) => a.id), ...shown])}`;
}

/** The agents a transfer names exactly (none with a suffix match). */
function transferTargets(options: TransferOptions): string[] {
  if (options.match !== undefined && options.match !== 'exact') return [];
  return options.to !== undefined ? [options.to] : (options.chain ?? []);
}

/**
 * A name no listed tool has may still be a toolset's tool: a toolset's tools are not in the
 * inventory (a call to one is named `…/toolsets/X/tools/Y`, and answers to `Y`), so with toolsets
 * in the app an unknown called name is not an error.
 */
function inToolset(inv: InventoryCheck): boolean {
  return inv.inventory.toolsets.length > 0;
}

function findTool(name: string, inv: InventoryCheck): InventoryTool | undefined {
  return inv.inventory.tools.find((t) => namesOf(t).includes(name));
}

/** A tool's name may be its id or its display name: the guess is the nearer of either. */
function noSuchTool(name: string, inv: InventoryCheck): string {
  const tools = inv.inventory.tools;
  const shown = tools.map((t) => t.displayName ?? t.id);
  return noSuch('tool', name, shown, inv, [...tools.map((t) => t.id), ...shown]);
}

function noSuch(kind: string, name: string, known: readonly string[], inv: InventoryCheck, guesses = known): string {
  const guess = suggestKey(name, guesses);
  const hint = guess ? `did you mean ${quoted(guess)}?` : `${kind}s: ${known.join(', ') || 'none'}`;
  return `${inv.source} has no ${kind} of that name (${hint})`;
}
