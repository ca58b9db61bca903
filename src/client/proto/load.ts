// Loads Google's CES protos from the `google-proto-files` package at run time (docs/protocol.md §1).
// Never copy .proto files into the repo: this module is the single place that finds them.
import * as path from 'node:path';
import { createRequire } from 'node:module';
import * as grpc from '@grpc/grpc-js';
import * as protoLoader from '@grpc/proto-loader';
import protobuf from 'protobufjs';

export type ApiVersion = 'v1' | 'v1beta';

const require = createRequire(import.meta.url);

/** The directory that contains `google/` (the include root, not `google/` itself: docs/protocol.md §1). */
export const PROTO_ROOT = path.dirname(require.resolve('google-proto-files/package.json'));

export const LOADER_OPTIONS: protoLoader.Options = {
  keepCase: false,
  longs: String,
  enums: String,
  defaults: false,
  oneofs: true,
  includeDirs: [PROTO_ROOT],
};

const SESSION_FILE = (v: ApiVersion): string => `google/cloud/ces/${v}/session_service.proto`;
const PROTO_FILES = (v: ApiVersion): string[] => [SESSION_FILE(v), `google/cloud/ces/${v}/agent_service.proto`];

export interface CesProtos {
  version: ApiVersion;
  /** Fully qualified package, e.g. `google.cloud.ces.v1`. */
  packageName: string;
  SessionService: grpc.ServiceClientConstructor;
  AgentService: grpc.ServiceClientConstructor;
  /** protobufjs reflection, for canonical proto3 JSON (see json.ts) and message lookups. */
  root: protobuf.Root;
  lookupType(name: string): protobuf.Type;
}

const cache = new Map<ApiVersion, CesProtos>();
const sessionCache = new Map<ApiVersion, CesProtos>();

/** Loads (once per process and version) the SessionService and AgentService definitions. */
export function loadCesProtos(version: ApiVersion = 'v1'): CesProtos {
  const hit = cache.get(version);
  if (hit) return hit;
  checkVersion(version);
  const files = PROTO_FILES(version);
  const services = loadServices(files, version);
  const root = loadReflectionRoot(files);
  const protos: CesProtos = {
    version,
    packageName: packageOf(version),
    SessionService: services['SessionService']!,
    AgentService: services['AgentService']!,
    root,
    lookupType: memoize((name) => root.lookupType(qualified(name, version))),
  };
  cache.set(version, protos);
  return protos;
}

/**
 * What a client needs first: SessionService alone, with AgentService (agent_service.proto and
 * everything it imports: about two thirds of the parsing, ~200 ms) loaded on first use. Only
 * GetConversation and ListConversations (history from a conversation id) need it.
 */
export function loadSessionProtos(version: ApiVersion = 'v1'): CesProtos {
  const hit = cache.get(version) ?? sessionCache.get(version);
  if (hit) return hit;
  checkVersion(version);
  const files = [SESSION_FILE(version)];
  const root = loadReflectionRoot(files);
  const protos: CesProtos = {
    version,
    packageName: packageOf(version),
    SessionService: loadServices(files, version)['SessionService']!,
    get AgentService() {
      return loadCesProtos(version).AgentService;
    },
    root,
    // Types of the agent service (Conversation, ...) come from the full set, loaded then.
    lookupType: memoize((name) => {
      const found = root.lookup(qualified(name, version));
      return found instanceof protobuf.Type ? found : loadCesProtos(version).lookupType(name);
    }),
  };
  sessionCache.set(version, protos);
  return protos;
}

function checkVersion(version: ApiVersion): void {
  if (version !== 'v1' && version !== 'v1beta') {
    throw new Error(`unknown CES API version "${String(version)}" (expected "v1" or "v1beta")`);
  }
}

const packageOf = (version: ApiVersion): string => `google.cloud.ces.${version}`;
const qualified = (name: string, version: ApiVersion): string =>
  name.startsWith('google.') ? name : `${packageOf(version)}.${name}`;

function loadServices(files: string[], version: ApiVersion): Record<string, grpc.ServiceClientConstructor> {
  const pkgDef = protoLoader.loadSync(files, LOADER_OPTIONS);
  const loaded = grpc.loadPackageDefinition(pkgDef) as unknown as {
    google: { cloud: { ces: Record<ApiVersion, Record<string, grpc.ServiceClientConstructor>> } };
  };
  return loaded.google.cloud.ces[version];
}

/** protobufjs resolves names by walking namespaces on every lookup; requests look types up per call. */
function memoize(lookup: (name: string) => protobuf.Type): (name: string) => protobuf.Type {
  const types = new Map<string, protobuf.Type>();
  return (name) => {
    let type = types.get(name);
    if (!type) types.set(name, (type = lookup(name)));
    return type;
  };
}

/** A protobufjs Root with the same camelCase field names proto-loader uses (keepCase: false). */
function loadReflectionRoot(files: string[]): protobuf.Root {
  const root = new protobuf.Root();
  root.resolvePath = (_origin, target) => (path.isAbsolute(target) ? target : path.join(PROTO_ROOT, target));
  root.loadSync(files, { keepCase: false });
  root.resolveAll();
  return root;
}

/** True when the installed google-proto-files ships the CES tree (a clear message otherwise). */
export function assertCesProtosPresent(version: ApiVersion = 'v1'): void {
  const file = path.join(PROTO_ROOT, PROTO_FILES(version)[0]!);
  try {
    require.resolve(file);
  } catch {
    throw new Error(
      `google-proto-files at ${PROTO_ROOT} has no ${PROTO_FILES(version)[0]}; install google-proto-files >= 5.0.3`,
    );
  }
}
