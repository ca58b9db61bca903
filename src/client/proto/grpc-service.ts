// grpc-js client constructors (whose `.service` a server registers too) made straight from a
// service of the shared reflection root. @grpc/proto-loader would build its own second root and
// compute a descriptor of every type in it; grpc-js needs only each method's path and codecs.
// The codecs are the ones proto-loader made (fromObject + encode, decode + toObject with the
// options below), so the bytes on the wire are the same.
import * as grpc from '@grpc/grpc-js';
import type protobuf from 'protobufjs';

/** How messages decode to plain objects: camelCase keys, int64 and enums as strings, oneof names, no defaults. */
export const DECODE_OPTIONS: protobuf.IConversionOptions = {
  longs: String,
  enums: String,
  defaults: false,
  oneofs: true,
};

export function serviceConstructor(service: protobuf.Service): grpc.ServiceClientConstructor {
  const serviceName = service.fullName.slice(1);
  const methods: Record<string, grpc.MethodDefinition<object, object>> = {};
  for (const method of service.methodsArray) {
    method.resolve();
    const request = method.resolvedRequestType!;
    const response = method.resolvedResponseType!;
    methods[method.name] = {
      path: `/${serviceName}/${method.name}`,
      requestStream: Boolean(method.requestStream),
      responseStream: Boolean(method.responseStream),
      requestSerialize: serializer(request),
      requestDeserialize: deserializer(request),
      responseSerialize: serializer(response),
      responseDeserialize: deserializer(response),
      // grpc-js also exposes each method under this name (`runSession`), as proto-loader's did.
      originalName: method.name.charAt(0).toLowerCase() + method.name.slice(1),
    };
  }
  return grpc.makeGenericClientConstructor(methods, serviceName);
}

function serializer(type: protobuf.Type): (value: object) => Buffer {
  return (value) => {
    if (Array.isArray(value))
      throw new Error(`Failed to serialize message: expected object with ${type.name} structure, got array instead`);
    // protobufjs' writer is a BufferWriter under Node: finish() returns a Buffer.
    return type.encode(type.fromObject(value)).finish() as Buffer;
  };
}

function deserializer(type: protobuf.Type): (bytes: Buffer) => object {
  return (bytes) => type.toObject(type.decode(bytes), DECODE_OPTIONS);
}
