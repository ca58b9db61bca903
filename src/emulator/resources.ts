// The CES resources (App, Agent, Tool) an emulator app stands for, as proto3 JSON: what AgentService
// serves (inventory-service.ts) and what `validate` reads from an app file without a server. Pure
// (no gRPC), so loading it costs nothing at start-up.
import type { JsonObject, JsonValue } from '../model/json.js';
import type { AppInventory } from '../model/inventory.js';
import { inventoryFromResources } from '../model/app-resources.js';
import { appRoutes, routeActions, type Action, type AppDefinition } from './app.js';

/** `${app}/tools/x` and `${app}/agents/x`. */
export const toolResource = (app: AppDefinition, tool: string): string => `${app.app}/tools/${tool}`;
export const agentResource = (app: AppDefinition, agent: string): string => `${app.app}/agents/${agent}`;

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

/** The app's inventory (routes included) from its file: what a listing of its emulator would give. */
export function appInventory(app: AppDefinition): AppInventory {
  return { ...inventoryFromResources(appResourcesOf(app), app.app, 'emulator-file'), routes: appRoutes(app) };
}
