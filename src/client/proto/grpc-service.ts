// grpc-js client constructors (whose `.service` a server registers too) made straight from a
// service of the shared reflection root. @grpc/proto-loader would build its own second root and
// compute a descriptor of every type in it; grpc-js needs only each method's path and codecs.
// The codecs are the ones proto-loader made (fromObject + encode, decode + toObject with the
// options below), so the bytes on the wire are the same. They find their message types on first
// use, so a service can be registered (the emulator serves v1beta and AgentService for the odd
// client that calls them) before its part of the protos is read.
import * as grpc from '@grpc/grpc-js';
import type protobuf from 'protobufjs';
import type { MethodShape } from './descriptor.js';

/** How messages decode to plain objects: camelCase keys, int64 and enums as strings, oneof names, no defaults. */
export const DECODE_OPTIONS: protobuf.IConversionOptions = {
  longs: String,
  enums: String,
  defaults: false,
  oneofs: true,
};

/** The methods of a service in the reflection root. */
export function methodShapes(service: protobuf.Service): MethodShape[] {
  return service.methodsArray.map((m) => ({
    name: m.name,
    requestStream: Boolean(m.requestStream),
    responseStream: Boolean(m.responseStream),
  }));
}

/** `service` is called when a message is first (de)serialized: it may read the service's part then. */
export function serviceConstructor(
  serviceName: string,
  methods: MethodShape[],
  service: () => protobuf.Service,
): grpc.ServiceClientConstructor {
  const definition: Record<string, grpc.MethodDefinition<object, object>> = {};
  for (const { name, requestStream, responseStream } of methods) {
    const types = (): { request: protobuf.Type; response: protobuf.Type } => {
      const method = service().methods[name];
      if (!method) throw new Error(`${serviceName} has no method ${name} in the loaded protos`);
      method.resolve();
      return { request: method.resolvedRequestType!, response: method.resolvedResponseType! };
    };
    definition[name] = {
      path: `/${serviceName}/${name}`,
      requestStream,
      responseStream,
      requestSerialize: serializer(() => types().request),
      requestDeserialize: deserializer(() => types().request),
      responseSerialize: serializer(() => types().response),
      responseDeserialize: deserializer(() => types().response),
      // grpc-js also exposes each method under this name (`runSession`), as proto-loader's did.
      originalName: name.charAt(0).toLowerCase() + name.slice(1),
    };
  }
  return grpc.makeGenericClientConstructor(definition, serviceName);
}

function serializer(typeOf: () => protobuf.Type): (value: object) => Buffer {
  let type: protobuf.Type | undefined;
  return (value) => {
    type ??= typeOf();
    if (Array.isArray(value))
      throw new Error(`Failed to serialize message: expected object with ${type.name} structure, got array instead`);
    // protobufjs' writer is a BufferWriter under Node: finish() returns a Buffer.
    return type.encode(type.fromObject(value)).finish() as Buffer;
  };
}

function deserializer(typeOf: () => protobuf.Type): (bytes: Buffer) => object {
  let type: protobuf.Type | undefined;
  return (bytes) => {
    type ??= typeOf();
    return type.toObject(type.decode(bytes), DECODE_OPTIONS);
  };
}
