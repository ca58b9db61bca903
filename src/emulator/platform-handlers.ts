// Glue for the emulator's v1beta platform services (ToolService, EvaluationService, Operations):
// each handler sees the request as canonical proto3 JSON and returns proto3 JSON, converted
// here against the v1beta protos, so the wire shapes are the protos' own.
import type * as grpc from '@grpc/grpc-js';
import { fromProto3Json, toProto3Json } from '../client/proto/index.js';
import type { PlatformProtos, PlatformService } from '../client/proto/index.js';
import type { JsonObject } from '../model/json.js';
import { asEmulatorError } from './errors.js';

export type JsonHandler = (request: JsonObject) => JsonObject | Promise<JsonObject>;

/** grpc-js handlers for `service`, one per entry of `handlers`; other methods stay UNIMPLEMENTED. */
export function platformServiceImpl(
  protos: PlatformProtos,
  service: PlatformService,
  handlers: Record<string, JsonHandler>,
): grpc.UntypedServiceImplementation {
  const impl: grpc.UntypedServiceImplementation = {};
  for (const [method, handle] of Object.entries(handlers)) {
    const types = protos.methodTypes(service, method);
    impl[method] = (call: grpc.ServerUnaryCall<unknown, unknown>, callback: grpc.sendUnaryData<unknown>) => {
      Promise.resolve()
        .then(() => handle(toProto3Json(types.request, call.request) as JsonObject))
        .then((res) => callback(null, fromProto3Json(types.response, res)))
        .catch((err: unknown) => callback(asEmulatorError(err).toServiceError()));
    };
  }
  return impl;
}
