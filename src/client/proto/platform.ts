// The v1beta platform services (EvaluationService, ToolService, AgentService's tool listing and
// google.longrunning.Operations), from the process's one reflection root like load.ts.
// Shared by src/platform (the client) and the emulator (the server). Evaluations exist only in
// v1beta: v1 has no evaluation protos.
import type * as grpc from '@grpc/grpc-js';
import type protobuf from 'protobufjs';
import { protoRegistry } from './registry.js';

const PACKAGE = 'google.cloud.ces.v1beta';

export interface PlatformProtos {
  EvaluationService: grpc.ServiceClientConstructor;
  ToolService: grpc.ServiceClientConstructor;
  AgentService: grpc.ServiceClientConstructor;
  Operations: grpc.ServiceClientConstructor;
  root: protobuf.Root;
  /** A CES v1beta type by short name (`Evaluation`), or any type by its full name (`google.longrunning.Operation`). */
  lookupType(name: string): protobuf.Type;
  /** Request and response types of a method of one of the services above. */
  methodTypes(service: PlatformService, method: string): { request: protobuf.Type; response: protobuf.Type };
}

export type PlatformService = 'EvaluationService' | 'ToolService' | 'AgentService' | 'Operations';

let cached: PlatformProtos | undefined;

/** The platform services, from the process's one reflection root (the `platform` part, added on first call). */
export function loadPlatformProtos(): PlatformProtos {
  if (cached) return cached;
  const registry = protoRegistry();
  const root = registry.load('platform');
  const service = (name: string): grpc.ServiceClientConstructor => registry.service('platform', name);
  const types = new Map<string, protobuf.Type>();
  const lookupType = (name: string): protobuf.Type => {
    let type = types.get(name);
    if (!type) types.set(name, (type = root.lookupType(name.startsWith('google.') ? name : `${PACKAGE}.${name}`)));
    return type;
  };
  cached = {
    EvaluationService: service(`${PACKAGE}.EvaluationService`),
    ToolService: service(`${PACKAGE}.ToolService`),
    AgentService: service(`${PACKAGE}.AgentService`),
    Operations: service('google.longrunning.Operations'),
    root,
    lookupType,
    methodTypes(serviceName, method) {
      const full = serviceName === 'Operations' ? `google.longrunning.${serviceName}` : `${PACKAGE}.${serviceName}`;
      const m = root.lookupService(full).methods[method];
      if (!m) throw new Error(`${serviceName} has no method ${method}`);
      m.resolve();
      return { request: m.resolvedRequestType!, response: m.resolvedResponseType! };
    },
  };
  return cached;
}

/** `type.googleapis.com/<full name>`: the type URL an Any carries for `name`. */
export const anyTypeUrl = (name: string): string =>
  `type.googleapis.com/${name.startsWith('google.') ? name : `${PACKAGE}.${name}`}`;
