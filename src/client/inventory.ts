// The app's inventory from AgentService: ListAgents, ListTools, ListToolsets, ListGuardrails (each
// followed page by page) and GetApp (variable declarations), turned into the model's AppInventory.
// The conversion to the model lives in src/model/app-resources.ts (`inventoryFromResources`).
import type { AppResources } from '../model/app-resources.js';
import type { CallOptions, GrpcTransport } from './transport.js';
import { fromWire } from './wire.js';
import { assertKeys } from './options.js';
import { runDeadline, withinDeadline } from './execute.js';

type Resource = Record<string, unknown>;

const PAGE_SIZE = 1000;

export interface InventoryOptions extends CallOptions {
  /** Items per List page (default 1000); every page is read whatever the size. */
  pageSize?: number;
}

/** The inventory's calls share one deadline (runDeadline: undefined is none) and the caller's signal. */
interface Budget {
  signal: AbortSignal | undefined;
  deadline: number | undefined;
}

async function listAll(
  transport: GrpcTransport,
  appName: string,
  method: 'ListAgents' | 'ListTools' | 'ListToolsets' | 'ListGuardrails',
  key: string,
  pageSize: number,
  { signal, deadline }: Budget,
): Promise<Resource[]> {
  const type = transport.protos.lookupType(`${method}Response`);
  const target = { method: method[0]!.toLowerCase() + method.slice(1), resource: appName, routingKey: 'parent' };
  const all: Resource[] = [];
  let pageToken: string | undefined;
  let pageNumber = 0;
  do {
    const call = withinDeadline(signal, deadline, `${method} ${appName} (page ${++pageNumber})`);
    const req = { parent: appName, pageSize, ...(pageToken ? { pageToken } : {}) };
    const page = fromWire(type, await transport.unary('agent', target, req, call));
    all.push(...((page[key] as Resource[] | undefined) ?? []));
    pageToken = (page['nextPageToken'] as string | undefined) || undefined;
  } while (pageToken);
  return all;
}

/**
 * GetApp and every page of the four listings, in parallel; `timeoutMs` bounds them all: one
 * deadline, set before the first request, that every page spends from.
 */
export async function listAppResources(
  transport: GrpcTransport,
  appName: string,
  opts: InventoryOptions,
): Promise<AppResources> {
  assertKeys(opts, ['pageSize', 'signal', 'timeoutMs'], 'getAppInventory options');
  const { pageSize = PAGE_SIZE, signal } = opts;
  const budget: Budget = { signal, deadline: runDeadline(opts.timeoutMs) };
  const getApp = { method: 'getApp', resource: appName, routingKey: 'name' };
  const [app, agents, tools, toolsets, guardrails] = await Promise.all([
    transport
      .unary('agent', getApp, { name: appName }, withinDeadline(signal, budget.deadline, `GetApp ${appName}`))
      .then((r) => fromWire(transport.protos.lookupType('App'), r)),
    listAll(transport, appName, 'ListAgents', 'agents', pageSize, budget),
    listAll(transport, appName, 'ListTools', 'tools', pageSize, budget),
    listAll(transport, appName, 'ListToolsets', 'toolsets', pageSize, budget),
    listAll(transport, appName, 'ListGuardrails', 'guardrails', pageSize, budget),
  ]);
  return { app, agents, tools, toolsets, guardrails };
}
