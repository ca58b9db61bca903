// The app's inventory from AgentService: ListAgents, ListTools, ListToolsets, ListGuardrails (each
// followed page by page) and GetApp (variable declarations), turned into the model's AppInventory.
// The conversion to the model lives in src/model/app-resources.ts (`inventoryFromResources`).
import type { AppResources } from '../model/app-resources.js';
import type { CallOptions, GrpcTransport } from './transport.js';
import { fromWire } from './wire.js';
import { assertKeys } from './options.js';

type Resource = Record<string, unknown>;

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
