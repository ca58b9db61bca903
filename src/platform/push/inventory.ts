// The app's tools (AgentService.ListTools) and agents (AgentService.ListAgents). Tools tell a fake for
// a client-side tool (carried as a mock) from one naming a server tool (which the platform would mock,
// but a local run never fakes), and turn the name a toolCall expectation gives into the resource a
// golden tool call names; agents turn the agent a transfer expectation names into the resource a
// golden agent transfer names.
import type { JsonObject } from '../../model/json.js';
import { shortName } from '../../model/inventory.js';
import type { PlatformClient } from '../grpc.js';

type ResolvedTool = { kind: 'client' | 'server'; id: string } | { kind: 'unknown'; id?: undefined };

/** An agent of the app: its resource name and display name. */
export interface NamedAgent {
  name: string;
  displayName?: string;
}

export interface AppInventory {
  /** A fake's `tool`: a tool id, display name or resource name. */
  resolve(tool: string): ResolvedTool;
  /**
   * The resources of every tool a toolCall `name` matches as a local run matches it: by tool id or
   * display name (src/assertions/tool-names.ts). One is the tool; none or several cannot be pushed.
   */
  named(name: string): string[];
  /**
   * The resources of every tool a toolCall `displayName` matches as a local run matches it: by the
   * display name the call carries, which is the tool's (its id when it has none).
   */
  displayNamed(displayName: string): string[];
  /**
   * Every agent a transfer's `to` matches as a local run matches it: by agent id or display name
   * (src/assertions/transfer.ts). One is the agent; none or several cannot be pushed.
   */
  agentsNamed(name: string): NamedAgent[];
}

/** `agents`: none when they are not known (a transfer then names no agent the app has). */
export function inventoryOf(tools: JsonObject[], agents: JsonObject[] = []): AppInventory {
  return {
    named: (name) =>
      tools
        .filter((t) => shortName(String(t['name'])) === name || t['displayName'] === name)
        .map((t) => String(t['name'])),
    displayNamed: (displayName) =>
      tools
        .filter((t) => (nonEmpty(t['displayName']) ?? shortName(String(t['name']))) === displayName)
        .map((t) => String(t['name'])),
    resolve(tool) {
      const found = tools.find(
        (t) => t['name'] === tool || shortName(String(t['name'])) === tool || t['displayName'] === tool,
      );
      if (!found) return { kind: 'unknown' };
      return {
        kind: found['clientFunction'] !== undefined ? 'client' : 'server',
        id: shortName(String(found['name'])),
      };
    },
    agentsNamed: (name) =>
      agents
        .filter((a) => shortName(String(a['name'])) === name || a['displayName'] === name)
        .map((a) => ({
          name: String(a['name']),
          ...(typeof a['displayName'] === 'string' && a['displayName'] ? { displayName: a['displayName'] } : {}),
        })),
  };
}

const nonEmpty = (v: unknown): string | undefined => (typeof v === 'string' && v ? v : undefined);

/** Nothing is known: every fake, tool name and transfer is then refused, with that reason. */
export const UNKNOWN_INVENTORY: AppInventory = inventoryOf([], []);

/**
 * The app's tools and agents, one listing each (all pages). A listing that fails leaves that kind
 * unknown (the constructs needing it are refused, saying the list could not be read), not the push.
 */
export async function listInventory(client: PlatformClient): Promise<AppInventory> {
  const [tools, agents] = await Promise.all([
    listPages(client, 'ListTools', 'tools'),
    listPages(client, 'ListAgents', 'agents'),
  ]);
  return inventoryOf(tools, agents);
}

async function listPages(client: PlatformClient, method: string, key: string): Promise<JsonObject[]> {
  const items: JsonObject[] = [];
  let pageToken = '';
  try {
    do {
      const page = await client.call(
        'AgentService',
        method,
        { parent: client.app, pageSize: 100, ...(pageToken ? { pageToken } : {}) },
        'parent',
      );
      items.push(...((page[key] as JsonObject[] | undefined) ?? []));
      pageToken = String(page['nextPageToken'] ?? '');
    } while (pageToken);
  } catch {
    return [];
  }
  return items;
}
