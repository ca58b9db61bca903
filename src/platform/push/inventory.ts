// The app's tools (AgentService.ListTools), to tell a fake for a client-side tool (carried as a
// mock) from one naming a server tool (which the platform would mock, but a local run never fakes),
// and to turn the name a toolCall expectation gives into the resource a golden tool call names.
import type { JsonObject } from '../../model/json.js';
import { shortName } from '../../model/inventory.js';
import type { PlatformClient } from '../grpc.js';

type ResolvedTool = { kind: 'client' | 'server'; id: string } | { kind: 'unknown'; id?: undefined };

export interface ToolInventory {
  /** A fake's `tool`: a tool id, display name or resource name. */
  resolve(tool: string): ResolvedTool;
  /**
   * The resources of every tool a toolCall `name` matches as a local run matches it: by tool id or
   * display name (src/assertions/tool-names.ts). One is the tool; none or several cannot be pushed.
   */
  named(name: string): string[];
}

export function inventoryOf(tools: JsonObject[]): ToolInventory {
  return {
    named: (name) =>
      tools
        .filter((t) => shortName(String(t['name'])) === name || t['displayName'] === name)
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
  };
}

/** Nothing is known when the tools cannot be listed: every fake and tool name is then refused, with that reason. */
export const UNKNOWN_TOOLS: ToolInventory = { resolve: () => ({ kind: 'unknown' }), named: () => [] };

export async function listTools(client: PlatformClient): Promise<ToolInventory> {
  const tools: JsonObject[] = [];
  let pageToken = '';
  try {
    do {
      const page = await client.call(
        'AgentService',
        'ListTools',
        { parent: client.app, pageSize: 100, ...(pageToken ? { pageToken } : {}) },
        'parent',
      );
      tools.push(...((page['tools'] as JsonObject[] | undefined) ?? []));
      pageToken = String(page['nextPageToken'] ?? '');
    } while (pageToken);
  } catch {
    return UNKNOWN_TOOLS;
  }
  return inventoryOf(tools);
}
