// Coverage: which of the app's agents, tools, toolsets, transfers, variables (and an emulator app's
// routes) a run exercised, computed from the conversations' results alone (no wire data, no per-turn
// work), so a live run, a stored results.json and merged shards all get the same figures.
import type { AppInventory } from './inventory.js';
import { namesOf } from './inventory.js';
import type { ConversationResult, ErrorInfo } from './result.js';
import { turnRootSpans, type Span } from './turn.js';

export interface CoverageItem {
  /** Agent, tool, toolset or variable name; a transfer is `from → to`. */
  name: string;
  displayName?: string;
  covered: boolean;
  /** Conversation runs that exercised it. */
  hits: number;
  /** Id of the first conversation (in run order) that exercised it. */
  first?: string;
  /** Tools: the agents that called it. */
  by?: string[];
  /** Tools: who runs it (a client function, or the server). */
  origin?: 'server' | 'client';
}

export interface CoverageCategory {
  covered: number;
  total: number;
  /** Every item of the inventory, in inventory order. */
  items: CoverageItem[];
  /** Exercised by the run but not in the inventory (a renamed tool, an undeclared hand-off...). */
  unlisted: CoverageItem[];
}

export const COVERAGE_CATEGORIES = ['agents', 'tools', 'toolsets', 'transfers', 'variables', 'routes'] as const;
export type CoverageCategoryName = (typeof COVERAGE_CATEGORIES)[number];

export interface RunCoverage {
  app: string;
  /** What the figures are measured against; kept so stored runs can be recomputed and merged. */
  inventory: AppInventory;
  agents: CoverageCategory;
  tools: CoverageCategory;
  toolsets: CoverageCategory;
  transfers: CoverageCategory;
  variables: CoverageCategory;
  /** Emulator apps only (the inventory lists routes): the routes that matched a turn. */
  routes?: CoverageCategory;
}

/** The categories a coverage block has figures for, in display order (routes only for emulator apps). */
export function categoriesOf(coverage: RunCoverage): Array<[CoverageCategoryName, CoverageCategory]> {
  return COVERAGE_CATEGORIES.flatMap((name) => {
    const cat = coverage[name];
    return cat ? [[name, cat] as [CoverageCategoryName, CoverageCategory]] : [];
  });
}

/** Coverage that could not be computed: why, and no figures. */
export interface CoverageUnavailable {
  app?: string;
  unavailable: string;
}

export type CoverageBlock = RunCoverage | CoverageUnavailable;

export function isCoverageUnavailable(block: CoverageBlock): block is CoverageUnavailable {
  return 'unavailable' in block;
}

/** Per category: item key → (conversation id that first hit it, hit count, callers). */
class Tally {
  private readonly seen = new Map<string, { first: string; hits: number; by: Set<string> }>();
  private readonly inConversation = new Set<string>();

  /** Starts a conversation: each item counts once per conversation. */
  begin(): void {
    this.inConversation.clear();
  }

  hit(key: string, conversation: string, by?: string): void {
    let entry = this.seen.get(key);
    if (!entry) {
      entry = { first: conversation, hits: 0, by: new Set() };
      this.seen.set(key, entry);
    }
    if (!this.inConversation.has(key)) {
      this.inConversation.add(key);
      entry.hits++;
    }
    if (by) entry.by.add(by);
  }

  category(listed: Array<Omit<CoverageItem, 'covered' | 'hits'>>): CoverageCategory {
    const keys = new Set(listed.map((i) => i.name));
    const item = (base: Omit<CoverageItem, 'covered' | 'hits'>): CoverageItem => {
      const s = this.seen.get(base.name);
      return {
        ...base,
        covered: Boolean(s),
        hits: s?.hits ?? 0,
        ...(s ? { first: s.first } : {}),
        ...(s?.by.size ? { by: [...s.by].sort() } : {}),
      };
    };
    const items = listed.map(item);
    const unlisted = [...this.seen.keys()].filter((k) => !keys.has(k)).map((name) => item({ name }));
    return { covered: items.filter((i) => i.covered).length, total: items.length, items, unlisted };
  }
}

/** Looks a recorded name (id, display name or resource) up in a list of inventory items. */
type Resolver = ((name: string) => string) & { known(name: string): boolean };

function resolver(items: Array<{ id: string; displayName?: string; resource: string }>): Resolver {
  const byName = new Map<string, string>();
  // Ids first: a display name never hides another item's id.
  for (const i of items) byName.set(i.id, i.id);
  for (const i of items) for (const n of namesOf(i)) if (!byName.has(n)) byName.set(n, i.id);
  return Object.assign((name: string) => byName.get(name) ?? name, { known: (name: string) => byName.has(name) });
}

/**
 * The inventory agent behind a transcript role. `user` (a client's tool response, a barge-in) is
 * nobody, and so is `agent` unless the app has an agent of that name: the client writes it for
 * outputs the server did not attribute to an agent.
 */
function answeringAgent(role: string, agentOf: Resolver): string | undefined {
  if (role === 'user') return undefined;
  return role === 'agent' && !agentOf.known(role) ? undefined : agentOf(role);
}

const TOOLSET = /(?:^|\/)toolsets\/([^/]+)\/tools\//;

/** The emulator names the route that matched a turn in an attribute of its LLM span (src/emulator/recorder.ts). */
function matchedRoutes(span: Span | undefined, found: string[] = []): string[] {
  if (!span) return found;
  const route = span.attributes?.['route'];
  if (typeof route === 'string') found.push(route);
  for (const child of span.children ?? []) matchedRoutes(child, found);
  return found;
}

export function computeCoverage(inventory: AppInventory, conversations: readonly ConversationResult[]): RunCoverage {
  const agentOf = resolver(inventory.agents);
  const toolOf = resolver(inventory.tools);
  const toolsetOf = resolver(inventory.toolsets);
  const tallies = { agents: new Tally(), tools: new Tally(), toolsets: new Tally(), transfers: new Tally() };
  const variables = new Tally();
  const routes = new Tally();
  const all = [...Object.values(tallies), variables, routes];
  for (const c of conversations) {
    for (const t of all) t.begin();
    for (const turn of c.turns) {
      const r = turn.result;
      if (!r) continue;
      // In transcript order, so a hand-off without a sender is the agent speaking at that point.
      let current: string | undefined;
      for (const e of r.transcript) {
        const agent = e.kind === 'user' ? undefined : answeringAgent(e.role, agentOf);
        if (agent !== undefined) {
          current = agent;
          tallies.agents.hit(agent, c.id);
        }
        if (e.kind === 'transfer') {
          const from = e.transfer.from !== undefined ? agentOf(e.transfer.from) : (current ?? '?');
          tallies.transfers.hit(`${from} → ${agentOf(e.transfer.to)}`, c.id);
        }
      }
      for (const call of r.toolCalls) {
        const agent = call.agent !== undefined ? agentOf(call.agent) : undefined;
        const toolset = TOOLSET.exec(call.resource ?? '')?.[1];
        if (toolset !== undefined) tallies.toolsets.hit(toolsetOf(toolset), c.id, agent);
        else tallies.tools.hit(toolOf(call.name), c.id, agent);
      }
      for (const name of Object.keys(r.updatedVariables)) variables.hit(name, c.id);
      // Every round's spans: a route that called a client tool is named in the round before its answer.
      if (inventory.routes)
        for (const span of turnRootSpans(r)) for (const route of matchedRoutes(span)) routes.hit(route, c.id);
    }
  }
  const named = (i: { id: string; displayName?: string }) => ({
    name: i.id,
    ...(i.displayName && i.displayName !== i.id ? { displayName: i.displayName } : {}),
  });
  return {
    app: inventory.app,
    inventory,
    agents: tallies.agents.category(inventory.agents.map(named)),
    tools: tallies.tools.category(inventory.tools.map((t) => ({ ...named(t), origin: t.origin }))),
    toolsets: tallies.toolsets.category(inventory.toolsets.map(named)),
    transfers: tallies.transfers.category(
      inventory.agents.flatMap((a) => a.transfersTo.map((to) => ({ name: `${a.id} → ${to}` }))),
    ),
    variables: variables.category(inventory.variables.map((name) => ({ name }))),
    ...(inventory.routes
      ? { routes: routes.category(inventory.routes.map((r) => ({ name: r.id, displayName: r.on }))) }
      : {}),
  };
}

/** Minimum covered share per category, e.g. `{ tools: 0.9, agents: 1 }`. */
export type CoverageMinimums = Partial<Record<CoverageCategoryName, number>>;

/** One line per category below its minimum; a category with nothing in the app cannot fall short. */
export function coverageShortfalls(coverage: RunCoverage, min: CoverageMinimums): string[] {
  const lines: string[] = [];
  for (const name of COVERAGE_CATEGORIES) {
    const want = min[name];
    const cat = coverage[name];
    if (want === undefined || !cat || cat.total === 0) continue;
    const share = cat.covered / cat.total;
    if (share < want) {
      const missing = cat.items.filter((i) => !i.covered).map((i) => i.name);
      lines.push(
        `coverage of ${name} ${(share * 100).toFixed(1)}% (${cat.covered}/${cat.total}) is below the minimum ` +
          `${(want * 100).toFixed(1)}%; not exercised: ${missing.join(', ')}`,
      );
    }
  }
  return lines;
}

/** The run error of a category below its minimum: the run fails (src/model/verdict.ts `runVerdict`). */
export const COVERAGE_BELOW_MINIMUM = 'COVERAGE_BELOW_MINIMUM';
/** The run error of minimums asked for while coverage could not be computed: a gate never passes unevaluated. */
const COVERAGE_NOT_EVALUATED = 'COVERAGE_GATE_NOT_EVALUATED';

/** A coverage gate's run error: merge-reports drops the shards' and gates their union again. */
export function isCoverageGateError(e: Pick<ErrorInfo, 'code'>): boolean {
  return e.code === COVERAGE_BELOW_MINIMUM || e.code === COVERAGE_NOT_EVALUATED;
}

/**
 * The run errors of a coverage gate: one per category below its minimum, or one saying the gate was
 * not evaluated when minimums were asked for and the run has no figures; none without minimums.
 */
export function coverageGateErrors(block: CoverageBlock | undefined, min: CoverageMinimums): ErrorInfo[] {
  if (Object.keys(min).length === 0) return [];
  if (!block || isCoverageUnavailable(block))
    return [
      {
        code: COVERAGE_NOT_EVALUATED,
        message: `coverage gate not evaluated: ${block ? block.unavailable : 'the run has no coverage'}`,
      },
    ];
  return coverageShortfalls(block, min).map((message) => ({ code: COVERAGE_BELOW_MINIMUM, message }));
}

/** Routes when any shard's inventory lists them (shards of an emulator run all do). */
function unionRoutes(inventories: readonly AppInventory[]): Pick<AppInventory, 'routes'> {
  const listed = inventories.flatMap((i) => i.routes ?? []);
  if (!inventories.some((i) => i.routes)) return {};
  return { routes: [...new Map(listed.map((r) => [r.id, r] as const)).values()] };
}

/** Two inventories of the same app (shards) as one: every item either lists. */
export function unionInventories(inventories: readonly AppInventory[]): AppInventory {
  const [first, ...rest] = inventories;
  if (!first) throw new Error('unionInventories needs at least one inventory');
  const byId = <T extends { id: string }>(lists: T[][]): T[] => [
    ...new Map(lists.flat().map((i) => [i.id, i] as const)).values(),
  ];
  const agents = byId(inventories.map((i) => i.agents)).map((a) => ({
    ...a,
    transfersTo: [
      ...new Set(inventories.flatMap((i) => i.agents.filter((b) => b.id === a.id).flatMap((b) => b.transfersTo))),
    ],
  }));
  return rest.length === 0
    ? first
    : {
        ...first,
        agents,
        tools: byId(inventories.map((i) => i.tools)),
        toolsets: byId(inventories.map((i) => i.toolsets)),
        variables: [...new Set(inventories.flatMap((i) => i.variables))],
        guardrails: byId(inventories.map((i) => i.guardrails)),
        ...unionRoutes(inventories),
      };
}
