// Canonical proto3 JSON ⇄ proto-loader objects (docs/protocol.md §7), by walking protobufjs
// reflection. proto-loader objects are what grpc-js (de)serialises with LOADER_OPTIONS:
// camelCase keys, Struct in wire form, Timestamp/Duration as {seconds, nanos}, bytes as Buffer,
// enums by name, int64 as strings. protobufjs' own toJSON() is not canonical for the
// well-known types, and it keeps oneof discriminators (`outputType`, `data`, `kind`) that a
// strict parser rejects: iterating declared fields never emits them.
import protobuf from 'protobufjs';
import type { JsonObject, JsonValue } from '../../model/json.js';
import { isJsonObject } from '../../model/json.js';
import { fromWireStruct, fromWireValue, toWireStruct, toWireValue, type WireStruct, type WireValue } from './struct.js';
import { ProtoJsonError } from './json-error.js';
import { fullNameOf } from './full-name.js';
import { oneofClash } from './oneof.js';
import {
  formatBytes,
  formatDuration,
  formatFieldMask,
  formatTimestamp,
  longToNumber,
  parseBytes,
  parseDuration,
  parseFieldMask,
  parseTimestamp,
  snakeCase,
} from './json-wkt.js';

export { ProtoJsonError } from './json-error.js';
export { durationFromMs, timestampFromMs, formatDuration, formatTimestamp } from './json-wkt.js';

export interface FromProto3JsonOptions {
  /** Skip unknown keys and unknown enum names instead of failing (json_format's ignore_unknown_fields). */
  ignoreUnknown?: boolean;
}

type Obj = Record<string, unknown>;
const INT64 = new Set(['int64', 'uint64', 'sint64', 'fixed64', 'sfixed64']);
const INT32 = new Set(['int32', 'uint32', 'sint32', 'fixed32', 'sfixed32']);
const WRAPPERS = new Set(
  ['Double', 'Float', 'Int64', 'UInt64', 'Int32', 'UInt32', 'Bool', 'String', 'Bytes'].map(
    (w) => `.google.protobuf.${w}Value`,
  ),
);

/** A proto-loader object (or decoded message) of `type` → canonical proto3 JSON. Throws on two members of one oneof. */
export function toProto3Json(type: protobuf.Type, obj: unknown): JsonValue {
  return messageToJson(type, obj, type.name);
}

/** Canonical (or snake_case) proto3 JSON → a proto-loader object of `type`, ready for grpc-js or Type.fromObject. */
export function fromProto3Json(type: protobuf.Type, json: unknown, opts: FromProto3JsonOptions = {}): Obj {
  return messageFromJson(type, json, opts, type.name) as Obj;
}

// ---------------------------------------------------------------- object → JSON

function messageToJson(type: protobuf.Type, obj: unknown, where: string): JsonValue {
  const special = wellKnownToJson(type, obj, where);
  if (special !== undefined) return special;
  if (!obj || typeof obj !== 'object')
    throw new ProtoJsonError(`${where}: expected a ${type.fullName.slice(1)} object`);
  const src = obj as Obj;
  assertOneMemberPerOneof(type, src, where);
  const out: JsonObject = {};
  for (const field of type.fieldsArray) {
    const value = src[field.name];
    if (value === undefined || value === null) continue;
    const at = `${where}.${field.name}`;
    if (field.map) {
      const entries = Object.entries(value as Obj);
      if (entries.length)
        out[field.name] = Object.fromEntries(entries.map(([k, v]) => [k, valueToJson(field, v, `${at}.${k}`)]));
    } else if (field.repeated) {
      if (!Array.isArray(value)) throw new ProtoJsonError(`${at}: expected a list`);
      if (value.length) out[field.name] = value.map((v, i) => valueToJson(field, v, `${at}[${i}]`));
    } else if (hasPresence(field) || !isDefaultScalar(field, value)) {
      out[field.name] = valueToJson(field, value, at);
    }
  }
  return out;
}

function assertOneMemberPerOneof(type: protobuf.Type, src: Obj, where: string): void {
  const clash = oneofClash(type, src);
  if (clash) throw new ProtoJsonError(`${where}: ${clash.members} are members of oneof "${clash.oneof}"; set only one`);
}

function hasPresence(field: protobuf.Field): boolean {
  return field.partOf !== null || field.resolvedType instanceof protobuf.Type;
}

function isDefaultScalar(field: protobuf.Field, v: unknown): boolean {
  if (field.resolvedType instanceof protobuf.Enum) return v === 0 || field.resolvedType.values[v as string] === 0;
  if (field.type === 'bytes') return typeof v === 'string' ? v === '' : (v as Uint8Array).length === 0;
  if (INT64.has(field.type)) return longToNumber(v) === 0;
  return v === '' || v === 0 || v === false;
}

function valueToJson(field: protobuf.Field, v: unknown, where: string): JsonValue {
  const rt = field.resolvedType;
  if (rt instanceof protobuf.Enum) {
    if (typeof v === 'number') return rt.valuesById[v] ?? v;
    if (typeof v === 'string' && v in rt.values) return v;
    throw new ProtoJsonError(`${where}: ${JSON.stringify(v)} is not a value of enum ${rt.fullName.slice(1)}`);
  }
  if (rt instanceof protobuf.Type) return messageToJson(rt, v, where);
  return scalarToJson(field.type, v);
}

function scalarToJson(kind: string, v: unknown): JsonValue {
  if (kind === 'bytes') return formatBytes(v);
  if (INT64.has(kind)) return String(v); // Long#toString, or the string/number as given
  if ((kind === 'double' || kind === 'float') && typeof v === 'number' && !Number.isFinite(v)) {
    return Number.isNaN(v) ? 'NaN' : v > 0 ? 'Infinity' : '-Infinity';
  }
  return v as JsonValue;
}

function wellKnownToJson(type: protobuf.Type, obj: unknown, where: string): JsonValue | undefined {
  const o = (obj ?? {}) as Obj;
  switch (fullNameOf(type)) {
    case '.google.protobuf.Struct':
      return fromWireStruct(assertWireForm(o, ['fields'], where) as WireStruct);
    case '.google.protobuf.Value':
      return fromWireValue(assertWireForm(o, VALUE_KEYS, where) as WireValue);
    case '.google.protobuf.ListValue':
      return ((o['values'] as WireValue[] | undefined) ?? []).map(fromWireValue);
    case '.google.protobuf.Timestamp':
      return formatTimestamp(longToNumber(o['seconds']), Number(o['nanos'] ?? 0));
    case '.google.protobuf.Duration':
      return formatDuration(longToNumber(o['seconds']), Number(o['nanos'] ?? 0));
    case '.google.protobuf.FieldMask':
      return formatFieldMask(o as { paths?: string[] });
    case '.google.protobuf.Any':
      return anyToJson(type, o, where);
  }
  if (WRAPPERS.has(fullNameOf(type)))
    return valueToJson(type.fields['value']!, o['value'] ?? defaultOf(type.fields['value']!), where);
  return undefined;
}

const VALUE_KEYS = ['nullValue', 'numberValue', 'stringValue', 'boolValue', 'structValue', 'listValue', 'kind'];

/** A plain JSON object passed where a wire-form Struct belongs would otherwise print as {}. */
function assertWireForm(o: Obj, allowed: string[], where: string): Obj {
  const stray = Object.keys(o).find((k) => !allowed.includes(k));
  if (stray !== undefined)
    throw new ProtoJsonError(
      `${where}: expected a wire-form ${allowed[0] === 'fields' ? 'Struct {fields: …}' : 'Value'}, found key "${stray}" (convert plain JSON with toWireStruct)`,
    );
  return o;
}

function defaultOf(field: protobuf.Field): unknown {
  if (field.type === 'bool') return false;
  if (field.type === 'string' || field.type === 'bytes') return '';
  return 0;
}

function anyToJson(anyType: protobuf.Type, o: Obj, where: string): JsonValue {
  const url = String(o['type_url'] ?? o['typeUrl'] ?? '');
  const inner = lookupAnyType(anyType, url, where);
  const decoded = inner.toObject(inner.decode(o['value'] as Uint8Array), { longs: String, enums: String });
  const json = messageToJson(inner, decoded, `${where}<${inner.name}>`);
  return isJsonObject(json) && !isWellKnown(inner) ? { '@type': url, ...json } : { '@type': url, value: json };
}

function lookupAnyType(anyType: protobuf.Type, url: string, where: string): protobuf.Type {
  const name = url.slice(url.lastIndexOf('/') + 1);
  const found = name ? anyType.root.lookup(name) : null;
  if (!(found instanceof protobuf.Type))
    throw new ProtoJsonError(`${where}: Any of unknown type ${JSON.stringify(url)}`);
  return found;
}

function isWellKnown(type: protobuf.Type): boolean {
  const name = fullNameOf(type);
  return name.startsWith('.google.protobuf.') && name !== '.google.protobuf.Empty';
}

// ---------------------------------------------------------------- JSON → object

function messageFromJson(type: protobuf.Type, json: unknown, opts: FromProto3JsonOptions, where: string): unknown {
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
  throw new ProtoJsonError(
    `${where}: ${JSON.stringify(v)} is not a value of enum ${e.fullName.slice(1)} (one of ${Object.keys(e.values).join(', ')})`,
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
  const inner = lookupAnyType(anyType, url, where);
  const body = isWellKnown(inner) ? rest['value'] : rest;
  const object = messageFromJson(inner, body, opts, `${where}<${inner.name}>`) as Obj;
  const urlField = anyType.fieldsArray.find((f) => f.id === 1)!.name; // `type_url` in protobufjs' bundled Any
  return { [urlField]: url, value: Buffer.from(inner.encode(inner.fromObject(object)).finish()) };
}
