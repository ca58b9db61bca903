// Adding a part's JSON to a root that already has other parts: what registry.ts does at run time
// and codec-source.ts at build time, so both see the same reflection objects.
import protobuf from 'protobufjs';

/**
 * Adds the objects of `nested` that `ns` does not have yet. Parts share what they import
 * (google.protobuf, google.api, ...): the same definitions, from the same files, added once.
 */
export function addMissing(ns: protobuf.Namespace, nested: Record<string, protobuf.AnyNestedObject>): void {
  for (const [name, json] of Object.entries(nested)) {
    const existing = ns.get(name);
    if (!existing) ns.addJSON({ [name]: json });
    else if (isPackage(existing) && isPackageJson(json)) addMissing(existing, json.nested ?? {});
  }
}

/** A namespace that is only a package (not a message, enum or service, which come whole). */
function isPackage(o: protobuf.ReflectionObject): o is protobuf.Namespace {
  return o instanceof protobuf.Namespace && !(o instanceof protobuf.Type) && !(o instanceof protobuf.Service);
}

/** Only a package: not a message, enum, service or field, which come whole. */
export function isPackageJson(json: protobuf.AnyNestedObject): json is protobuf.INamespace {
  return !('fields' in json) && !('values' in json) && !('methods' in json) && !('id' in json);
}
