// AgentService ListAgents / ListTools / ListToolsets / ListGuardrails / GetApp, served from the app
// YAML on v1 and v1beta (paged like CES), so a client lists an emulated app exactly as a real one.
// CES has no emulator routes: agents' `transfer:` actions become child_agents, the tools their
// routes call become the agent's tools, declared and route-set variables the variable declarations.
import type * as grpc from '@grpc/grpc-js';
import type { CesProtos } from '../client/proto/index.js';
import { fromProto3Json, toProto3Json } from '../client/proto/index.js';
import type { JsonObject, JsonValue } from '../model/json.js';
import { routeActions, type Action, type AppDefinition } from './app.js';
import { agentResource, toolResource } from './engine.js';
import { asEmulatorError, notFound } from './errors.js';
import { pageOf } from './platform-handlers.js';
import { checkParent } from './tool-service.js';

/** What an agent's routes do that CES would declare on the agent: tools called, agents transferred to. */
function agentReach(app: AppDefinition, key: string): { tools: string[]; transfers: string[]; sets: string[] } {
  const tools = new Set<string>();
  const transfers = new Set<string>();
  const sets = new Set<string>();
  const visit = (action: Action): void => {
    if ('call' in action) {
      tools.add(action.call.tool);
      action.call.onError?.forEach(visit);
    }
    if ('transfer' in action) transfers.add(action.transfer);
    if ('set' in action) for (const name of Object.keys(action.set)) sets.add(name);
  };
  for (const route of app.agents[key]?.routes ?? []) routeActions(route).forEach(visit);
  return { tools: [...tools], transfers: [...transfers], sets: [...sets] };
}

export function agentResources(app: AppDefinition): JsonObject[] {
  return Object.entries(app.agents).map(([key, def]) => {
    const reach = agentReach(app, key);
    return {
      name: agentResource(app, key),
      displayName: def.displayName ?? key,
      llmAgent: {},
      tools: reach.tools.map((t) => toolResource(app, t)),
      childAgents: reach.transfers.map((a) => agentResource(app, a)),
    };
  });
}

export function toolResources(app: AppDefinition): JsonObject[] {
  return Object.entries(app.tools ?? {}).map(([key, def]) => ({
    name: toolResource(app, key),
    displayName: def.displayName ?? key,
    ...(def.client ? { clientFunction: { name: key } } : {}),
  }));
}

const SCHEMA_TYPE = (value: JsonValue | undefined): string =>
  typeof value === 'string'
    ? 'STRING'
    : typeof value === 'boolean'
      ? 'BOOLEAN'
      : typeof value === 'number'
        ? Number.isInteger(value)
          ? 'INTEGER'
          : 'NUMBER'
        : Array.isArray(value)
          ? 'ARRAY'
          : value === undefined
            ? 'STRING'
            : 'OBJECT';

/** The App resource: root agent and variable declarations (declared under `variables:`, then set by routes). */
export function appResource(app: AppDefinition): JsonObject {
  const declared = app.variables ?? {};
  const names = new Set(Object.keys(declared));
  for (const key of Object.keys(app.agents)) for (const name of agentReach(app, key).sets) names.add(name);
  return {
    name: app.app,
    displayName: app.app.slice(app.app.lastIndexOf('/') + 1),
    rootAgent: agentResource(app, app.rootAgent),
    variableDeclarations: [...names].map((name) => ({
      name,
      description: name in declared ? 'declared under variables:' : 'set by a route',
      schema: { type: SCHEMA_TYPE(declared[name] ?? undefined) },
    })),
  };
}

type Handler = (request: JsonObject) => JsonObject;

function listed(app: AppDefinition, key: string, items: () => JsonObject[]): Handler {
  return (req) => {
    checkParent(app, req['parent']);
    const { page, nextPageToken } = pageOf(items(), req);
    return { [key]: page, ...(nextPageToken ? { nextPageToken } : {}) };
  };
}

function unary(protos: CesProtos, method: string, handle: Handler): grpc.handleUnaryCall<unknown, unknown> {
  // Looked up with the first call: AgentService's part of the protos is read only if it is used.
  const requestType = () => protos.lookupType(`${method}Request`);
  const responseType = () => protos.lookupType(method === 'GetApp' ? 'App' : `${method}Response`);
  return (call, callback) => {
    try {
      callback(null, fromProto3Json(responseType(), handle(toProto3Json(requestType(), call.request) as JsonObject)));
    } catch (err) {
      callback(asEmulatorError(err).toServiceError());
    }
  };
}

/** The inventory methods of AgentService for one API version. */
export function inventoryServiceImpl(app: AppDefinition, protos: CesProtos): grpc.UntypedServiceImplementation {
  const handlers: Record<string, Handler> = {
    ListAgents: listed(app, 'agents', () => agentResources(app)),
    ListTools: listed(app, 'tools', () => toolResources(app)),
    ListToolsets: listed(app, 'toolsets', () => []),
    ListGuardrails: listed(app, 'guardrails', () => []),
    GetApp: (req) => {
      if (req['name'] !== app.app)
        throw notFound(`app "${String(req['name'] ?? '')}" not found: this emulator serves "${app.app}"`);
      return appResource(app);
    },
  };
  return Object.fromEntries(Object.entries(handlers).map(([method, h]) => [method, unary(protos, method, h)]));
}

/** Everything the inventory methods serve, at once: for reading an app file without a server. */
export function appResourcesOf(app: AppDefinition): {
  app: JsonObject;
  agents: JsonObject[];
  tools: JsonObject[];
  toolsets: JsonObject[];
  guardrails: JsonObject[];
} {
  return {
    app: appResource(app),
    agents: agentResources(app),
    tools: toolResources(app),
    toolsets: [],
    guardrails: [],
  };
}
