// protobufjs recomputes `fullName` on every access (it walks the parents); the encoders and
// decoders ask for it per field of every message, so it is cached per reflection object.
import type protobuf from 'protobufjs';

const fullNames = new WeakMap<protobuf.ReflectionObject, string>();

export function fullNameOf(t: protobuf.ReflectionObject): string {
  let name = fullNames.get(t);
  if (name === undefined) {
    name = t.fullName;
    fullNames.set(t, name);
  }
  return name;
}
