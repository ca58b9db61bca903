// In-memory Evaluation and EvaluationExpectation resources of the emulator's EvaluationService:
// create (server-assigned or requested id), get, list, update with the update_mask semantics of
// the v1beta protos (no mask: every field replaced), delete. Resources are proto3 JSON.
import { randomUUID } from 'node:crypto';
import type { JsonObject } from '../model/json.js';
import { timestampFromMs } from '../client/proto/index.js';
import type { AppDefinition } from './app.js';
import { invalidArgument, notFound } from './errors.js';
import { EmulatorError } from './errors.js';
import { status as GrpcStatus } from '@grpc/grpc-js';
import { pageOf } from './paging.js';
import { checkParent } from './tool-service.js';

/** Fields a client may not set: the server owns them. */
const SERVER_FIELDS = [
  'name',
  'createTime',
  'updateTime',
  'etag',
  'evaluationRuns',
  'lastCompletedResult',
  'lastTenResults',
  'createdBy',
  'lastUpdatedBy',
];
const ID = /^[a-z0-9][a-z0-9-]{0,62}$/i;

export class ResourceCollection {
  readonly items = new Map<string, JsonObject>();
  /** How many creates and updates were applied: lets tests prove a second push changed nothing. */
  writes = 0;

  constructor(
    private readonly app: AppDefinition,
    private readonly collection: string,
    private readonly label: string,
  ) {}

  create(req: JsonObject, field: string, idField: string): JsonObject {
    checkParent(this.app, req['parent']);
    const body = req[field] as JsonObject | undefined;
    if (!body) throw invalidArgument(`${field} is required`);
    const requested = req[idField];
    if (requested !== undefined && (typeof requested !== 'string' || !ID.test(requested)))
      throw invalidArgument(`${idField} "${String(requested)}" is not a valid id`);
    const name = `${this.app.app}/${this.collection}/${(requested as string | undefined) ?? randomUUID()}`;
    if (this.items.has(name))
      throw new EmulatorError(GrpcStatus.ALREADY_EXISTS, `${this.label} "${name}" already exists`);
    this.checkDisplayName(body, name);
    const now = timestampFromMs(Date.now());
    const stored = { ...strip(body), name, createTime: now, updateTime: now, etag: etag() };
    this.items.set(name, stored);
    this.writes++;
    return stored;
  }

  get(name: unknown): JsonObject {
    const found = typeof name === 'string' ? this.items.get(name) : undefined;
    if (!found) throw notFound(`${this.label} "${String(name ?? '')}" not found`);
    return found;
  }

  list(req: JsonObject, key: string): JsonObject {
    checkParent(this.app, req['parent']);
    const { page, nextPageToken } = pageOf([...this.items.values()], req);
    return { [key]: page, ...(nextPageToken ? { nextPageToken } : {}) };
  }

  update(req: JsonObject, field: string): JsonObject {
    const body = req[field] as JsonObject | undefined;
    if (!body) throw invalidArgument(`${field} is required`);
    const current = this.get(body['name']);
    const mask = typeof req['updateMask'] === 'string' ? req['updateMask'].split(',').filter(Boolean) : undefined;
    const next: JsonObject = mask ? { ...current } : { ...pick(current, SERVER_FIELDS), ...strip(body) };
    for (const path of mask ?? []) {
      if (path.includes('.'))
        throw invalidArgument(`update_mask path "${path}": the emulator updates top-level fields only`);
      if (SERVER_FIELDS.includes(path)) throw invalidArgument(`update_mask path "${path}" is output only`);
      if (body[path] === undefined) delete next[path];
      else next[path] = body[path]!;
    }
    this.checkDisplayName(next, current['name'] as string);
    const stored = { ...next, updateTime: timestampFromMs(Date.now()), etag: etag() };
    this.items.set(current['name'] as string, stored);
    this.writes++;
    return stored;
  }

  delete(name: unknown): JsonObject {
    this.get(name);
    this.items.delete(name as string);
    return {};
  }

  /** CES keeps display names unique per app: a duplicate is ALREADY_EXISTS. */
  private checkDisplayName(body: JsonObject, name: string): void {
    const display = body['displayName'];
    if (typeof display !== 'string' || display === '') throw invalidArgument(`${this.label}.display_name is required`);
    for (const other of this.items.values()) {
      if (other['name'] !== name && other['displayName'] === display) {
        throw new EmulatorError(
          GrpcStatus.ALREADY_EXISTS,
          `${this.label} with display name "${display}" already exists (${String(other['name'])})`,
        );
      }
    }
  }
}

const etag = (): string => randomUUID().slice(0, 8);

function strip(body: JsonObject): JsonObject {
  const out = { ...body };
  for (const f of SERVER_FIELDS) delete out[f];
  return out;
}

function pick(obj: JsonObject, keys: string[]): JsonObject {
  return Object.fromEntries(keys.filter((k) => obj[k] !== undefined).map((k) => [k, obj[k]!]));
}
