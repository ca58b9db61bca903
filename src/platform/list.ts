// Every page of an EvaluationService List method under the app.
import type { JsonObject } from '../model/json.js';
import type { PlatformClient } from './grpc.js';

export async function listAll(
  client: PlatformClient,
  method: string,
  key: string,
  extra: JsonObject = {},
  parent = client.app,
): Promise<JsonObject[]> {
  const items: JsonObject[] = [];
  let pageToken = '';
  do {
    const page = await client.call(
      'EvaluationService',
      method,
      { parent, pageSize: 100, ...extra, ...(pageToken ? { pageToken } : {}) },
      'parent',
    );
    items.push(...((page[key] as JsonObject[] | undefined) ?? []));
    pageToken = String(page['nextPageToken'] ?? '');
  } while (pageToken);
  return items;
}
