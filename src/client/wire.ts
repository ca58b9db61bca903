// Plain objects ⇄ proto-loader wire objects, by walking protobufjs reflection.
// Inbound: every key must be a declared field (snake_case is rejected with a hint, never
// dropped: docs/protocol.md §2), one member per oneof, Struct → wire form.
// Outbound: declared fields only (drops the virtual oneof keys, #6), Struct → plain JSON.
import protobuf from 'protobufjs';
import type { JsonObject } from '../model/json.js';
import {
  fromWireStruct,
  fromWireValue,
  toWireStruct,
  toWireValue,
  type WireStruct,
  type WireValue,
} from './proto/struct.js';
import { CesInputError } from './errors.js';
import { fullNameOf } from './proto/full-name.js';
import { oneofClash } from './proto/oneof.js';
import { resolved } from './proto/resolved.js';

type Obj = Record<string, unknown>;
const STRUCT = '.google.protobuf.Struct';
const VALUE = '.google.protobuf.Value';
const ANY = '.google.protobuf.Any';
const BASE64 = /^[A-Za-z0-9+/_-]*={0,2}$/;

function camelCase(key: string): string {
  return key.replace(/_([a-z0-9])/g, (_m, c: string) => c.toUpperCase());
}

/** The one-line "unknown option" message, with the camelCase hint when that is what was meant. */
export function unknownKeyMessage(key: string, known: Iterable<string>, where?: string): string {
  const camel = camelCase(key);
  const hint = camel !== key && [...known].includes(camel) ? ` (did you mean "${camel}"?)` : '';
  return `unknown option "${key}"${where ? ` in ${where}` : ''}${hint}`;
}

/** A plain (camelCase, Struct as JSON) object → the wire object grpc-js encodes. */
export function toWire(type: protobuf.Type, value: unknown, where: string): Obj {
  resolved(type);
  if (!isPlainObject(value)) throw new CesInputError(`${where} must be an object`);
  const out: Obj = {};
  for (const [key, v] of Object.entries(value)) {
    if (v === undefined) continue;
    const field = type.fields[key];
    if (!field) throw new CesInputError(unknownKeyMessage(key, Object.keys(type.fields), where));
    out[key] = fieldToWire(field, v, `${where}.${key}`);
  }
  assertOneMemberPerOneof(type, out, where);
  return out;
}

function assertOneMemberPerOneof(type: protobuf.Type, obj: Obj, where: string): void {
  const clash = oneofClash(type, obj);
  if (clash)
    throw new CesInputError(
      `${where} sets ${clash.members}, which are members of the same oneof "${clash.oneof}": set only one`,
    );
}

function fieldToWire(field: protobuf.Field, v: unknown, where: string): unknown {
  if (field.map) {
    if (!isPlainObject(v)) throw new CesInputError(`${where} must be an object`);
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, singleToWire(field, x, `${where}.${k}`)]));
  }
  if (field.repeated) {
    if (!Array.isArray(v)) throw new CesInputError(`${where} must be a list`);
    return v.map((x, i) => singleToWire(field, x, `${where}[${i}]`));
  }
  return singleToWire(field, v, where);
}

function singleToWire(field: protobuf.Field, v: unknown, where: string): unknown {
  const t = field.resolvedType;
  switch (kindOf(field)) {
    case 'struct':
      return structToWire(v, where);
    case 'value':
      return toWireValue(v, where);
    case 'message':
      return toWire(t as protobuf.Type, v, where);
    case 'enum':
      return enumToWire(t as protobuf.Enum, v, where);
    case 'scalar':
      return scalarToWire(field.type, v, where);
  }
}

type FieldKind = 'struct' | 'value' | 'message' | 'enum' | 'scalar';

function kindOf(field: protobuf.Field): FieldKind {
  const t = field.resolve().resolvedType;
  if (t instanceof protobuf.Type) {
    const name = fullNameOf(t);
    return name === STRUCT ? 'struct' : name === VALUE ? 'value' : 'message';
  }
  return t instanceof protobuf.Enum ? 'enum' : 'scalar';
}

function structToWire(v: unknown, where: string): WireStruct {
  if (!isPlainObject(v)) throw new CesInputError(`${where} must be a JSON object`);
  try {
    return toWireStruct(v, where);
  } catch (err) {
    throw new CesInputError((err as Error).message);
  }
}

function enumToWire(e: protobuf.Enum, v: unknown, where: string): string {
  if (typeof v === 'string' && e.values[v] !== undefined) return v;
  if (typeof v === 'number' && e.valuesById[v] !== undefined) return e.valuesById[v]!;
  throw new CesInputError(`${where}: ${JSON.stringify(v)} is not one of ${Object.keys(e.values).join(', ')}`);
}

function scalarToWire(type: string, v: unknown, where: string): unknown {
  switch (type) {
    case 'string':
      if (typeof v !== 'string') throw new CesInputError(`${where} must be a string`);
      return v;
    case 'bool':
      if (typeof v !== 'boolean') throw new CesInputError(`${where} must be true or false`);
      return v;
    case 'bytes':
      return bytesToWire(v, where);
    case 'double':
    case 'float':
      if (typeof v !== 'number') throw new CesInputError(`${where} must be a number`);
      return v;
    default:
      if (typeof v === 'string' && /^-?\d+$/.test(v)) return v;
      if (typeof v !== 'number' || !Number.isInteger(v)) throw new CesInputError(`${where} must be an integer`);
      return v;
  }
}

function bytesToWire(v: unknown, where: string): Buffer {
  if (Buffer.isBuffer(v)) return v;
  if (v instanceof Uint8Array) return Buffer.from(v.buffer, v.byteOffset, v.byteLength);
  if (typeof v === 'string' && BASE64.test(v)) return Buffer.from(v, 'base64');
  throw new CesInputError(`${where} must be a Buffer, a Uint8Array or a base64 string`);
}

/** A decoded wire object → plain JSON-ish object (Structs as JSON, bytes as Buffer, virtual keys dropped). */
export function fromWire(type: protobuf.Type, value: unknown): Obj {
  const src = (value ?? {}) as Obj;
  const out: Obj = {};
  for (const field of decodePlan(type)) {
    const v = src[field.name];
    if (v === undefined || v === null) continue;
    if (field.map)
      out[field.name] = Object.fromEntries(Object.entries(v as Obj).map(([k, x]) => [k, field.convert(x)]));
    else if (field.repeated) out[field.name] = (v as unknown[]).map(field.convert);
    else out[field.name] = field.convert(v);
  }
  return out;
}

interface DecodeField {
  name: string;
  map: boolean;
  repeated: boolean;
  convert: (v: unknown) => unknown;
}

// Every response is decoded by walking its type. protobufjs computes `fullName` and
// `fieldsArray` on each access, so each type's fields are resolved once and kept here.
const decodePlans = new WeakMap<protobuf.Type, DecodeField[]>();

function decodePlan(type: protobuf.Type): DecodeField[] {
  let plan = decodePlans.get(type);
  if (!plan) {
    plan = resolved(type).fieldsArray.map((field) => ({
      name: field.name,
      map: field.map,
      repeated: field.repeated,
      convert: converterFor(field),
    }));
    decodePlans.set(type, plan);
  }
  return plan;
}

const identity = (v: unknown): unknown => v;

/**
 * An Any as `{ typeUrl, value }` (camelCase, as the other fields): protobufjs' bundled Any names its
 * URL field `type_url`. Its type is not looked up: an Any of a type the client lacks reads as well.
 */
function anyFromWire(v: unknown): Obj {
  const any = v as { type_url?: string; typeUrl?: string; value?: unknown };
  const typeUrl = any.type_url ?? any.typeUrl;
  return {
    ...(typeUrl !== undefined ? { typeUrl } : {}),
    ...(any.value !== undefined && any.value !== null ? { value: any.value } : {}),
  };
}

function converterFor(field: protobuf.Field): (v: unknown) => unknown {
  switch (kindOf(field)) {
    case 'struct':
      return (v) => fromWireStruct(v as WireStruct) satisfies JsonObject;
    case 'value':
      return (v) => fromWireValue(v as WireValue);
    case 'message': {
      const t = field.resolvedType as protobuf.Type;
      return fullNameOf(t) === ANY ? anyFromWire : (v) => fromWire(t, v);
    }
    default:
      return identity;
  }
}

export function isPlainObject(v: unknown): v is Obj {
  return v !== null && typeof v === 'object' && !Array.isArray(v) && !Buffer.isBuffer(v) && !(v instanceof Uint8Array);
}
