// Canonical (or snake_case) proto3 JSON → proto-loader object (docs/protocol.md §7): unknown
// fields, two members of one oneof and values of the wrong kind are errors naming their path;
// well-known types are parsed from their JSON forms, an Any encoded from its "@type".
import protobuf from 'protobufjs';
import { resolved } from './resolved.js';
import type { JsonValue } from '../../model/json.js';
import { isJsonObject } from '../../model/json.js';
import { toWireStruct, toWireValue } from './struct.js';
import { ProtoJsonError } from './json-error.js';
import { fullNameOf } from './full-name.js';
import { parseBytes, parseDuration, parseFieldMask, parseTimestamp, snakeCase } from './json-wkt.js';
import {
  INT32,
  INT64,
  WRAPPERS,
  findAnyType,
  isWellKnown,
  lookupAnyType,
  type FromProto3JsonOptions,
  type Obj,
} from './json-kinds.js';

/** Canonical (or snake_case) proto3 JSON → a proto-loader object of `type`, ready for grpc-js or Type.fromObject. */
export function fromProto3Json(type: protobuf.Type, json: unknown, opts: FromProto3JsonOptions = {}): Obj {
  return messageFromJson(type, json, opts, type.name) as Obj;
}

function messageFromJson(type: protobuf.Type, json: unknown, opts: FromProto3JsonOptions, where: string): unknown {
  resolved(type);
  const special = wellKnownFromJson(type, json, opts, where);
  if (special !== undefined) return special;
  if (!isJsonObject(json)) throw new ProtoJsonError(`${where}: expected a JSON object for ${type.fullName.slice(1)}`);
  const out: Obj = {};
  let oneofSeen: Map<string, string> | undefined; // most messages set no oneof member: made on demand
  for (const [key, value] of Object.entries(json)) {
    const field = type.fields[key] ?? snakeIndex(type).get(key);
    if (!field) {
      if (opts.ignoreUnknown) continue;
      throw new ProtoJsonError(`${where}: unknown field "${key}" in ${type.fullName.slice(1)}`);
    }
    if (field.name in out)
      throw new ProtoJsonError(`${where}: field "${field.name}" given twice (camelCase and snake_case)`);
    if (value === null && !(field.resolvedType && fullNameOf(field.resolvedType) === '.google.protobuf.Value'))
      continue;
    if (field.partOf) {
      oneofSeen ??= new Map();
      const previous = oneofSeen.get(field.partOf.name);
      if (previous)
        throw new ProtoJsonError(
          `${where}: "${previous}" and "${key}" are members of oneof "${field.partOf.name}"; set only one`,
        );
      oneofSeen.set(field.partOf.name, key);
    }
    const converted = fieldFromJson(field, value, opts, `${where}.${field.name}`);
    if (converted !== undefined) out[field.name] = converted;
  }
  return out;
}

const snakeIndexes = new WeakMap<protobuf.Type, Map<string, protobuf.Field>>();
function snakeIndex(type: protobuf.Type): Map<string, protobuf.Field> {
  let index = snakeIndexes.get(type);
  if (!index) {
    index = new Map(type.fieldsArray.map((f) => [snakeCase(f.name), f]));
    snakeIndexes.set(type, index);
  }
  return index;
}

function fieldFromJson(field: protobuf.Field, value: JsonValue, opts: FromProto3JsonOptions, where: string): unknown {
  if (field.map) {
    if (!isJsonObject(value)) throw new ProtoJsonError(`${where}: expected a JSON object (map)`);
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [k, singleFromJson(field, v, opts, `${where}.${k}`)]),
    );
  }
  if (field.repeated) {
    if (!Array.isArray(value)) throw new ProtoJsonError(`${where}: expected a JSON array`);
    return value.map((v, i) => singleFromJson(field, v, opts, `${where}[${i}]`)).filter((v) => v !== undefined);
  }
  return singleFromJson(field, value, opts, where);
}

function singleFromJson(field: protobuf.Field, v: JsonValue, opts: FromProto3JsonOptions, where: string): unknown {
  const rt = field.resolvedType;
  if (rt instanceof protobuf.Enum) return enumFromJson(rt, v, opts, where);
  if (rt instanceof protobuf.Type) return messageFromJson(rt, v, opts, where);
  return scalarFromJson(field.type, v, where);
}

function enumFromJson(e: protobuf.Enum, v: JsonValue, opts: FromProto3JsonOptions, where: string): unknown {
  if (typeof v === 'number' && Number.isInteger(v)) return e.valuesById[v] ?? v;
  if (typeof v === 'string' && v in e.values) return v;
  if (opts.ignoreUnknown && typeof v === 'string') return undefined;
  const allowed = Object.keys(e.values).join(', ');
  throw new ProtoJsonError(
    `${where}: ${JSON.stringify(v)} is not a value of enum ${e.fullName.slice(1)} (one of ${allowed})`,
  );
}

function scalarFromJson(kind: string, v: JsonValue, where: string): unknown {
  const fail = (expected: string): never => {
    throw new ProtoJsonError(`${where}: expected ${expected}, got ${JSON.stringify(v)}`);
  };
  if (kind === 'string') return typeof v === 'string' ? v : fail('a string');
  if (kind === 'bool') return typeof v === 'boolean' ? v : fail('true or false');
  if (kind === 'bytes') return parseBytes(v, where);
  const numeric = typeof v === 'number' || (typeof v === 'string' && /^-?\d+(\.\d+)?([eE][-+]?\d+)?$/.test(v));
  if (INT32.has(kind) || INT64.has(kind)) {
    if (!numeric || !Number.isInteger(Number(v))) fail('an integer');
    return INT64.has(kind) ? String(v) : Number(v);
  }
  if (kind === 'double' || kind === 'float') {
    if (v === 'NaN' || v === 'Infinity' || v === '-Infinity') return Number(v);
    return numeric ? Number(v) : fail('a number');
  }
  throw new ProtoJsonError(`${where}: unsupported scalar type ${kind}`);
}

function wellKnownFromJson(type: protobuf.Type, v: unknown, opts: FromProto3JsonOptions, where: string): unknown {
  switch (fullNameOf(type)) {
    case '.google.protobuf.Struct':
      if (!isJsonObject(v)) throw new ProtoJsonError(`${where}: expected a JSON object (Struct)`);
      return toWireStruct(v, where);
    case '.google.protobuf.Value':
      return toWireValue(v, where);
    case '.google.protobuf.ListValue':
      if (!Array.isArray(v)) throw new ProtoJsonError(`${where}: expected a JSON array (ListValue)`);
      return { values: v.map((x, i) => toWireValue(x, `${where}[${i}]`)) };
    case '.google.protobuf.Timestamp':
      return parseTimestamp(v, where);
    case '.google.protobuf.Duration':
      return parseDuration(v, where);
    case '.google.protobuf.FieldMask':
      return parseFieldMask(v, where);
    case '.google.protobuf.Any':
      return anyFromJson(type, v, opts, where);
  }
  if (WRAPPERS.has(fullNameOf(type)))
    return { value: singleFromJson(type.fields['value']!, v as JsonValue, opts, where) };
  return undefined;
}

function anyFromJson(anyType: protobuf.Type, v: unknown, opts: FromProto3JsonOptions, where: string): Obj {
  if (!isJsonObject(v) || typeof v['@type'] !== 'string')
    throw new ProtoJsonError(`${where}: an Any needs an "@type" key`);
  const { '@type': url, ...rest } = v;
  const urlField = anyType.fieldsArray.find((f) => f.id === 1)!.name; // `type_url` in protobufjs' bundled Any
  // A type these protos lack (a newer server's) is an unknown field's worth: kept by its URL under
  // ignoreUnknown, its payload dropped (it cannot be encoded without its type).
  const inner = opts.ignoreUnknown ? findAnyType(anyType, url) : lookupAnyType(anyType, url, where);
  if (!inner) return { [urlField]: url };
  const body = isWellKnown(inner) ? rest['value'] : rest;
  const object = messageFromJson(inner, body, opts, `${where}<${inner.name}>`) as Obj;
  return { [urlField]: url, value: Buffer.from(inner.encode(inner.fromObject(object)).finish()) };
}
