// What an app is made of: its agents, tools, toolsets, variables and guardrails (and an emulator app's
// routes), in one shape whichever source listed them (the CES AgentService list methods, or an
// emulator app file served through the same methods). Coverage (coverage.ts) compares a run with it;
// `validate` can check names against it.

interface InventoryAgent {
  /** Short name: the last segment of the resource (`.../agents/billing_agent` → `billing_agent`). */
  id: string;
  displayName?: string;
  /** Full resource name. */
  resource: string;
  /** Ids of the agents this one may hand off to (CES child agents; emulator `transfer:` actions). */
  transfersTo: string[];
}

export interface InventoryTool {
  /** Short name: the last segment of the resource. */
  id: string;
  displayName?: string;
  resource: string;
  /** `client`: a ClientFunction the client answers; `server`: every other kind of tool. */
  origin: 'server' | 'client';
}

interface InventoryToolset {
  id: string;
  displayName?: string;
  resource: string;
}

interface InventoryGuardrail {
  id: string;
  displayName?: string;
  resource: string;
  enabled: boolean;
}

/**
 * A route of an emulator app (CES has none): `<agent>#<n>`, the n-th route of that agent in the app
 * file (1-based). The emulator names the route that matched a turn in its LLM span (`route`).
 */
export interface InventoryRoute {
  id: string;
  agent: string;
  /** The route's condition as written (`text: /flight/i`, `default: true`). */
  on: string;
}

export interface AppInventory {
  /** projects/{p}/locations/{l}/apps/{a} */
  app: string;
  /** Where it was listed from: the AgentService of an endpoint (CES or the emulator), or an emulator app file. */
  source: 'agent-service' | 'emulator-file';
  agents: InventoryAgent[];
  tools: InventoryTool[];
  toolsets: InventoryToolset[];
  /** Declared variable names (GetApp variable_declarations). */
  variables: string[];
  guardrails: InventoryGuardrail[];
  /** Emulator apps only (an app file, or a run against the in-process emulator): every route. */
  routes?: InventoryRoute[];
}

/** The last path segment of a resource name (`a/b/c` → `c`); a plain name passes through. */
export function shortName(resource: string): string {
  const i = resource.lastIndexOf('/');
  return i < 0 ? resource : resource.slice(i + 1);
}

/** Every name an item answers to (id, display name, resource), for matching what a run recorded. */
export function namesOf(item: { id: string; displayName?: string; resource: string }): string[] {
  return [item.id, item.resource, ...(item.displayName ? [item.displayName] : [])];
}
