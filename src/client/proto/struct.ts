// google.protobuf.Struct conversion at the API boundary (docs/protocol.md §2):
// proto-loader silently encodes a plain object as an empty Struct, so every Struct
// field must go out in wire form and come back as plain JSON.
import type { JsonObject, JsonValue } from '../../model/json.js';

export interface WireValue {
  nullValue?: 'NULL_VALUE' | 0;
  numberValue?: number;
  stringValue?: string;
  boolValue?: boolean;
  structValue?: WireStruct;
  listValue?: { values?: WireValue[] };
  /** Virtual oneof discriminator added by proto-loader on decode; ignored on encode. */
  kind?: string;
}
export interface WireStruct {
  fields?: Record<string, WireValue>;
}

export function toWireValue(value: unknown, where = 'value'): WireValue {
  if (value === null || value === undefined) return { nullValue: 'NULL_VALUE' };
  switch (typeof value) {
    case 'number':
      if (!Number.isFinite(value))
        throw new TypeError(`${where}: ${value} cannot be sent as a protobuf Value (not finite)`);
      return { numberValue: value };
    case 'string':
      return { stringValue: value };
    case 'boolean':
      return { boolValue: value };
    case 'bigint':
      return { numberValue: Number(value) };
    case 'object':
      if (Array.isArray(value)) return { listValue: { values: value.map((v, i) => toWireValue(v, `${where}[${i}]`)) } };
      if (Buffer.isBuffer(value) || value instanceof Uint8Array)
        return { stringValue: Buffer.from(value).toString('base64') };
      if (value instanceof Date) return { stringValue: value.toISOString() };
      return { structValue: toWireStruct(value as Record<string, unknown>, where) };
    default:
      throw new TypeError(`${where}: a ${typeof value} cannot be sent as a protobuf Value`);
  }
}

/** Plain JSON object → wire-form Struct. Keys are user data and are never case-converted. */
export function toWireStruct(obj: Record<string, unknown>, where = 'struct'): WireStruct {
  if (obj === null || typeof obj !== 'object' || Array.isArray(obj)) {
    throw new TypeError(
      `${where}: expected an object for a protobuf Struct, got ${Array.isArray(obj) ? 'an array' : typeof obj}`,
    );
  }
  const fields: Record<string, WireValue> = {};
  for (const [k, v] of Object.entries(obj)) {
    if (v === undefined) continue;
    fields[k] = toWireValue(v, `${where}.${k}`);
  }
  return { fields };
}

export function fromWireValue(v: WireValue | null | undefined): JsonValue {
  if (!v) return null;
  if (v.structValue !== undefined) return fromWireStruct(v.structValue);
  if (v.listValue !== undefined) return (v.listValue.values ?? []).map(fromWireValue);
  if (v.stringValue !== undefined) return v.stringValue;
  if (v.numberValue !== undefined) return v.numberValue;
  if (v.boolValue !== undefined) return v.boolValue;
  return null;
}

/** Wire-form Struct → plain JSON object. */
export function fromWireStruct(s: WireStruct | null | undefined): JsonObject {
  const out: JsonObject = {};
  if (!s?.fields) return out;
  for (const [k, v] of Object.entries(s.fields)) out[k] = fromWireValue(v);
  return out;
}
