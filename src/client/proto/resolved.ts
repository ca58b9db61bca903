// A message type's fields resolved (their `resolvedType` set) when the type is first used. The
// registry does not resolve a whole part when it reads it from the compiled descriptor (registry.ts):
// resolving every field also builds every type's constructor, ~60 of them never used by a run.
// protobufjs resolves a type's fields itself in its first encode, decode or conversion; the proto3
// JSON converters, which read `field.resolvedType` directly, ask here first.
import type protobuf from 'protobufjs';

const done = new WeakSet<protobuf.Type>();

export function resolved(type: protobuf.Type): protobuf.Type {
  if (!done.has(type)) {
    for (const field of type.fieldsArray) field.resolve();
    done.add(type);
  }
  return type;
}
