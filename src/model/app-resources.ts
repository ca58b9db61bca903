// An app's AgentService resources (App, Agents, Tools, Toolsets, Guardrails as proto3 JSON) turned
// into the model's AppInventory: the one conversion, whoever produced the resources (the client
// listing a live app, or an emulator app file read without a server).
import type { AppInventory } from './inventory.js';
import { shortName } from './inventory.js';

type Resource = Record<string, unknown>;

/** The AgentService resources of one app, as proto3 JSON (camelCase). */
export interface AppResources {
  app: Resource;
  agents: Resource[];
  tools: Resource[];
  toolsets: Resource[];
  guardrails: Resource[];
}

const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);
const strings = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);

function named(r: Resource): { id: string; resource: string; displayName?: string } {
  const resource = str(r['name']) ?? '';
  const displayName = str(r['displayName']);
  return { id: shortName(resource), resource, ...(displayName ? { displayName } : {}) };
}

/**
 * Possible hand-offs of an agent: its child agents, and the parents that name it in a
 * CHILD_TO_PARENT transfer rule (that rule lets the child hand back).
 */
function transferTargets(agents: Resource[]): Map<string, Set<string>> {
  const targets = new Map<string, Set<string>>(agents.map((a) => [named(a).id, new Set<string>()]));
  for (const a of agents) {
    const from = named(a).id;
    for (const child of strings(a['childAgents'])) targets.get(from)?.add(shortName(child));
    for (const rule of (a['transferRules'] as Resource[] | undefined) ?? []) {
      const child = str(rule['childAgent']);
      if (child && rule['direction'] === 'CHILD_TO_PARENT') targets.get(shortName(child))?.add(from);
    }
  }
  return targets;
}

export function inventoryFromResources(
  resources: AppResources,
  appName: string,
  source: AppInventory['source'],
): AppInventory {
  const targets = transferTargets(resources.agents);
  const declarations = (resources.app['variableDeclarations'] as Resource[] | undefined) ?? [];
  return {
    app: appName,
    source,
    agents: resources.agents.map((a) => {
      const n = named(a);
      return { ...n, transfersTo: [...(targets.get(n.id) ?? [])] };
    }),
    tools: resources.tools.map((t) => ({
      ...named(t),
      origin: t['clientFunction'] !== undefined ? ('client' as const) : ('server' as const),
    })),
    toolsets: resources.toolsets.map(named),
    variables: declarations.map((d) => str(d['name'])).filter((n): n is string => n !== undefined),
    guardrails: resources.guardrails.map((g) => ({ ...named(g), enabled: g['enabled'] === true })),
  };
}
