// Build time: the base part as written to the descriptor holds only what a process can use. Parsed,
// base is mostly annotations: google/api's option extensions (http, field_behavior, resource...)
// and the google.protobuf descriptor types they extend (FileOptions, FieldOptions, FeatureSet...),
// 88 of its 114 types. No message of CES has a field of those types, and option values stay in the
// JSON as plain data (`"(google.api.field_behavior)": "REQUIRED"`) without their declarations, yet
// every process built a reflection object and a constructor for each of them before its first
// request (~12 ms of loading the v1 part, measured without the compile cache). What is kept: every
// type a message or service of another part reaches, google.rpc (the status details a trailer
// carries as Any, status.ts) and google.longrunning (served and called by the platform commands),
// with what they reach in turn. The .proto fallback (descriptor.ts) still parses everything.
import protobuf from 'protobufjs';
import { addMissing, isPackageJson } from './merge-nested.js';

type Nested = Record<string, protobuf.AnyNestedObject>;

/** Base types kept whether or not a part's message reaches them: they travel inside Any, or are served. */
const ALWAYS_KEPT = /^\.google\.(rpc|longrunning)\./;

/** `base` without the types, services and extensions no other part (`others`) reaches. */
export function usedBase(base: protobuf.INamespace, others: readonly protobuf.INamespace[]): protobuf.INamespace {
  const root = new protobuf.Root();
  addMissing(root, base.nested ?? {});
  for (const part of others) addMissing(root, part.nested ?? {});
  root.resolveAll();
  const baseNames = new Set<string>();
  collectNames(base.nested ?? {}, '', baseNames);
  const used = new Set<string>();
  const starts = [...everyObject(root)].filter((o) => !baseNames.has(o.fullName) || ALWAYS_KEPT.test(o.fullName));
  for (const start of starts) reach(start, used);
  return { ...base, nested: kept(base.nested ?? {}, '', used) ?? {} };
}

/** The full names of the types, enums and services `nested` declares (nested ones too). */
function collectNames(nested: Nested, prefix: string, into: Set<string>): void {
  for (const [name, json] of Object.entries(nested)) {
    const fullName = `${prefix}.${name}`;
    if (!isPackageJson(json)) into.add(fullName);
    if ('nested' in json && json.nested) collectNames(json.nested, fullName, into);
  }
}

function* everyObject(ns: protobuf.Namespace): Generator<protobuf.Type | protobuf.Enum | protobuf.Service> {
  for (const o of ns.nestedArray) {
    if (o instanceof protobuf.Type || o instanceof protobuf.Enum || o instanceof protobuf.Service) yield o;
    if (o instanceof protobuf.Namespace) yield* everyObject(o);
  }
}

/** Marks `o` used, with every type its fields or methods name, its nested types and its parent type. */
function reach(o: protobuf.ReflectionObject | null, used: Set<string>): void {
  if (!o || used.has(o.fullName)) return;
  used.add(o.fullName);
  if (o instanceof protobuf.Type) {
    for (const field of o.fieldsArray) reach(field.resolvedType, used);
    for (const nested of o.nestedArray) reach(nested, used);
  }
  if (o instanceof protobuf.Service)
    for (const method of o.methodsArray) {
      method.resolve();
      reach(method.resolvedRequestType, used);
      reach(method.resolvedResponseType, used);
    }
  if (o.parent instanceof protobuf.Type) reach(o.parent, used);
}

/** `nested` with only the used objects (whole), the packages that hold them, and no extension fields. */
function kept(nested: Nested, prefix: string, used: ReadonlySet<string>): Nested | undefined {
  const out: Nested = {};
  for (const [name, json] of Object.entries(nested)) {
    const fullName = `${prefix}.${name}`;
    if (!isPackageJson(json)) {
      if (used.has(fullName)) out[name] = json;
    } else {
      const inner = kept(json.nested ?? {}, fullName, used);
      if (inner) out[name] = { ...json, nested: inner };
    }
  }
  return Object.keys(out).length ? out : undefined;
}
