// The CES protos cxas-eval uses, in parts that load separately into the process's one reflection
// root (registry.ts): a client against CES needs only SessionService; AgentService (two thirds of
// the types) comes with history lookups or the emulator; v1beta and the platform services only
// when a command uses them. Each part is a set of .proto files of google-proto-files, with
// everything they import (docs/protocol.md §1).
export const PROTO_PARTS = {
  // Loaded first, always: every file that declares an extension (of google.protobuf's option
  // types), so no later part adds a field to a type already resolved, and google.rpc.Status with
  // RetryInfo for the grpc-status-details-bin trailer (status.ts). Later parts leave out what it has.
  base: [
    'google/api/annotations.proto',
    'google/api/client.proto',
    'google/api/field_behavior.proto',
    'google/api/resource.proto',
    'google/api/routing.proto',
    'google/longrunning/operations.proto',
    'google/rpc/status.proto',
    'google/rpc/error_details.proto',
  ],
  v1: ['google/cloud/ces/v1/session_service.proto'],
  'v1-agent': ['google/cloud/ces/v1/agent_service.proto'],
  v1beta: ['google/cloud/ces/v1beta/session_service.proto'],
  'v1beta-agent': ['google/cloud/ces/v1beta/agent_service.proto'],
  platform: [
    'google/cloud/ces/v1beta/evaluation_service.proto',
    'google/cloud/ces/v1beta/tool_service.proto',
    'google/cloud/ces/v1beta/agent_service.proto',
    'google/longrunning/operations.proto',
  ],
} as const satisfies Record<string, readonly string[]>;

export type ProtoPart = keyof typeof PROTO_PARTS;

export const PROTO_PART_NAMES = Object.keys(PROTO_PARTS) as ProtoPart[];
