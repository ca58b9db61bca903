// The app's inventory from AgentService: ListAgents, ListTools, ListToolsets, ListGuardrails (each
// followed page by page) and GetApp (variable declarations), turned into the model's AppInventory.
// `inventoryFromResources` is the one conversion from these resources, whoever produced them.
import type { AppInventory } from '../model/inventory.js';
import { shortName } from '../model/inventory.js';
import type { CallOptions, GrpcTransport } from './transport.js';
import { fromWire } from './wire.js';
import { assertKeys } from './options.js';

type Resource = Record<string, unknown>;

/** The AgentService resources of one app, as proto3 JSON (camelCase). */
export interface AppResources {
  app: Resource;
  agents: Resource[];
  tools: Resource[];
  toolsets: Resource[];
  guardrails: Resource[];
}

const PAGE_SIZE = 1000;

export interface InventoryOptions extends CallOptions {
  /** Items per List page (default 1000); every page is read whatever the size. */
  pageSize?: number;
}

async function listAll(
  transport: GrpcTransport,
  appName: string,
  method: 'ListAgents' | 'ListTools' | 'ListToolsets' | 'ListGuardrails',
  key: string,
  { pageSize = PAGE_SIZE, ...call }: InventoryOptions,
): Promise<Resource[]> {
  const type = transport.protos.lookupType(`${method}Response`);
  const target = { method: method[0]!.toLowerCase() + method.slice(1), resource: appName, routingKey: 'parent' };
  const all: Resource[] = [];
  let pageToken: string | undefined;
  do {
    const req = { parent: appName, pageSize, ...(pageToken ? { pageToken } : {}) };
    const page = fromWire(type, await transport.unary('agent', target, req, call));
    all.push(...((page[key] as Resource[] | undefined) ?? []));
    pageToken = (page['nextPageToken'] as string | undefined) || undefined;
  } while (pageToken);
  return all;
}

export async function listAppResources(
  transport: GrpcTransport,
  appName: string,
  opts: InventoryOptions,
): Promise<AppResources> {
  assertKeys(opts, ['pageSize', 'signal', 'timeoutMs'], 'getAppInventory options');
  const { pageSize: _pageSize, ...call } = opts;
  const getApp = { method: 'getApp', resource: appName, routingKey: 'name' };
  const [app, agents, tools, toolsets, guardrails] = await Promise.all([
    transport
      .unary('agent', getApp, { name: appName }, call)
      .then((r) => fromWire(transport.protos.lookupType('App'), r)),
    listAll(transport, appName, 'ListAgents', 'agents', opts),
    listAll(transport, appName, 'ListTools', 'tools', opts),
    listAll(transport, appName, 'ListToolsets', 'toolsets', opts),
    listAll(transport, appName, 'ListGuardrails', 'guardrails', opts),
  ]);
  return { app, agents, tools, toolsets, guardrails };
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
