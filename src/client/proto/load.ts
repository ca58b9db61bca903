// The CES SessionService and AgentService of one API version, from the process's one reflection
// root (registry.ts), each part read when first used. Never copy .proto files into the repo: they
// come from google-proto-files, compiled at build time (descriptor.ts, docs/protocol.md §1).
import type * as grpc from '@grpc/grpc-js';
import protobuf from 'protobufjs';
import type { ProtoPart } from './parts.js';
import { protoRegistry } from './registry.js';

export type ApiVersion = 'v1' | 'v1beta';

export interface CesProtos {
  version: ApiVersion;
  /** Fully qualified package, e.g. `google.cloud.ces.v1`. */
  packageName: string;
  SessionService: grpc.ServiceClientConstructor;
  AgentService: grpc.ServiceClientConstructor;
  /** protobufjs reflection (the process's one root), with at least the SessionService part in it. */
  root: protobuf.Root;
  /** A type by short name (`SessionInput`) or full name; AgentService's types load with their first lookup. */
  lookupType(name: string): protobuf.Type;
}

const byVersion = new Map<ApiVersion, CesProtos>();

/**
 * The services of one version, reading nothing yet: SessionService's part is read with its first
 * message or type lookup, AgentService's (agent_service.proto and what it imports, two thirds of
 * the types) only if GetConversation/ListConversations or one of its types is used.
 */
export function loadSessionProtos(version: ApiVersion = 'v1'): CesProtos {
  let protos = byVersion.get(version);
  if (!protos) {
    protos = sessionProtos(version);
    byVersion.set(version, protos);
  }
  return protos;
}

/** SessionService and AgentService with every type of both read now. */
export function loadCesProtos(version: ApiVersion = 'v1'): CesProtos {
  const protos = loadSessionProtos(version);
  protoRegistry().load(agentPart(version));
  return protos;
}

const agentPart = (version: ApiVersion): ProtoPart => (version === 'v1' ? 'v1-agent' : 'v1beta-agent');

function sessionProtos(version: ApiVersion): CesProtos {
  if (version !== 'v1' && version !== 'v1beta') {
    throw new Error(`unknown CES API version "${String(version)}" (expected "v1" or "v1beta")`);
  }
  const registry = protoRegistry();
  const packageName = `google.cloud.ces.${version}`;
  const root = (): protobuf.Root => registry.load(version);
  const qualified = (name: string): string => (name.startsWith('google.') ? name : `${packageName}.${name}`);
  return {
    version,
    packageName,
    SessionService: registry.service(version, `${packageName}.SessionService`),
    get AgentService() {
      return registry.service(agentPart(version), `${packageName}.AgentService`);
    },
    get root() {
      return root();
    },
    lookupType: memoize((name) => {
      const found = root().lookup(qualified(name));
      return found instanceof protobuf.Type ? found : registry.lookupType(agentPart(version), qualified(name));
    }),
  };
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
