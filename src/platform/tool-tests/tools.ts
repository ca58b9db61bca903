// Tool tests name tools by display name (as cxas-scrapi's do); ExecuteTool needs the resource
// name. The app's tools are listed once (AgentService.ListTools), only when a test needs it.
import type { JsonObject } from '../../model/json.js';
import type { PlatformClient } from '../grpc.js';

export class ToolDirectory {
  private listing: Promise<JsonObject[]> | undefined;

  constructor(private readonly client: PlatformClient) {}

  /** A full resource name passes through; otherwise a display name, then a short name (last segment). */
  async resolve(tool: string): Promise<string> {
    if (tool.includes('/tools/')) return tool;
    const tools = await (this.listing ??= this.listAll());
    const hit =
      tools.find((t) => t['displayName'] === tool) ?? tools.find((t) => String(t['name']).endsWith(`/tools/${tool}`));
    if (hit) return String(hit['name']);
    const known = tools.map((t) => String(t['displayName'] ?? t['name'])).join(', ');
    throw Object.assign(new Error(`tool "${tool}" not found in ${this.client.app} (tools: ${known || 'none'})`), {
      code: 'TOOL_NOT_FOUND',
    });
  }

  private async listAll(): Promise<JsonObject[]> {
    const tools: JsonObject[] = [];
    let pageToken = '';
    do {
      const page = await this.client.call(
        'AgentService',
        'ListTools',
        { parent: this.client.app, pageSize: 1000, ...(pageToken ? { pageToken } : {}) },
        'parent',
      );
      tools.push(...((page['tools'] as JsonObject[] | undefined) ?? []));
      pageToken = String(page['nextPageToken'] ?? '');
    } while (pageToken);
    return tools;
  }
}
