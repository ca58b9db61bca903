// The v1beta platform services (EvaluationService, ToolService, AgentService's tool listing and
// google.longrunning.Operations), loaded from google-proto-files at run time like load.ts does.
// Shared by src/platform (the client) and the emulator (the server). Evaluations exist only in
// v1beta: v1 has no evaluation protos.
import * as grpc from '@grpc/grpc-js';
import * as protoLoader from '@grpc/proto-loader';
import * as path from 'node:path';
import protobuf from 'protobufjs';
import { LOADER_OPTIONS, PROTO_ROOT } from './load.js';

const PACKAGE = 'google.cloud.ces.v1beta';
const FILES = [
  'google/cloud/ces/v1beta/evaluation_service.proto',
  'google/cloud/ces/v1beta/tool_service.proto',
  'google/cloud/ces/v1beta/agent_service.proto',
  'google/longrunning/operations.proto',
];

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

/** Loads (once per process) the platform services; ~0.5 s of parsing, so only platform work pays it. */
export function loadPlatformProtos(): PlatformProtos {
  if (cached) return cached;
  const loaded = grpc.loadPackageDefinition(protoLoader.loadSync(FILES, LOADER_OPTIONS)) as unknown as {
    google: {
      cloud: { ces: { v1beta: Record<string, grpc.ServiceClientConstructor> } };
      longrunning: Record<string, grpc.ServiceClientConstructor>;
    };
  };
  const ces = loaded.google.cloud.ces.v1beta;
  const root = new protobuf.Root();
  root.resolvePath = (_origin, target) => (path.isAbsolute(target) ? target : path.join(PROTO_ROOT, target));
  root.loadSync(FILES, { keepCase: false });
  root.resolveAll();
  const types = new Map<string, protobuf.Type>();
  const lookupType = (name: string): protobuf.Type => {
    let type = types.get(name);
    if (!type) types.set(name, (type = root.lookupType(name.startsWith('google.') ? name : `${PACKAGE}.${name}`)));
    return type;
  };
  cached = {
    EvaluationService: ces['EvaluationService']!,
    ToolService: ces['ToolService']!,
    AgentService: ces['AgentService']!,
    Operations: loaded.google.longrunning['Operations']!,
    root,
    lookupType,
    methodTypes(service, method) {
      const full = service === 'Operations' ? `google.longrunning.${service}` : `${PACKAGE}.${service}`;
      const m = root.lookupService(full).methods[method];
      if (!m) throw new Error(`${service} has no method ${method}`);
      m.resolve();
      return { request: m.resolvedRequestType!, response: m.resolvedResponseType! };
    },
  };
  return cached;
}

/** `type.googleapis.com/<full name>`: the type URL an Any carries for `name`. */
export const anyTypeUrl = (name: string): string =>
  `type.googleapis.com/${name.startsWith('google.') ? name : `${PACKAGE}.${name}`}`;
