// proto-loader object (or decoded message) → canonical proto3 JSON (docs/protocol.md §7): declared
// fields only (so oneof discriminators never appear), defaults omitted, well-known types in their
// JSON forms, an Any expanded with its "@type".
import protobuf from 'protobufjs';
import { resolved } from './resolved.js';
import type { JsonObject, JsonValue } from '../../model/json.js';
import { isJsonObject } from '../../model/json.js';
import { fromWireStruct, fromWireValue, type WireStruct, type WireValue } from './struct.js';
import { ProtoJsonError } from './json-error.js';
import { fullNameOf } from './full-name.js';
import { oneofClash } from './oneof.js';
import { formatBytes, formatDuration, formatFieldMask, formatTimestamp, longToNumber } from './json-wkt.js';
import { INT64, WRAPPERS, isWellKnown, lookupAnyType, type Obj } from './json-kinds.js';

/**
 * A proto-loader object (or decoded message) of `type` → canonical proto3 JSON.
 * Throws on two members of one oneof.
 */
export function toProto3Json(type: protobuf.Type, obj: unknown): JsonValue {
  return messageToJson(type, obj, type.name);
}

function messageToJson(type: protobuf.Type, obj: unknown, where: string): JsonValue {
  resolved(type);
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
  if (stray === undefined) return o;
  const expected = allowed[0] === 'fields' ? 'Struct {fields: …}' : 'Value';
  throw new ProtoJsonError(
    `${where}: expected a wire-form ${expected}, found key "${stray}" (convert plain JSON with toWireStruct)`,
  );
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
