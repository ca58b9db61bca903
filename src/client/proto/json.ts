// Canonical proto3 JSON ⇄ proto-loader objects (docs/protocol.md §7), by walking protobufjs
// reflection. proto-loader objects are what grpc-js (de)serialises with LOADER_OPTIONS:
// camelCase keys, Struct in wire form, Timestamp/Duration as {seconds, nanos}, bytes as Buffer,
// enums by name, int64 as strings. protobufjs' own toJSON() is not canonical for the
// well-known types, and it keeps oneof discriminators (`outputType`, `data`, `kind`) that a
// strict parser rejects: iterating declared fields never emits them.
// Each direction has its own file (to-json.ts, from-json.ts); this one is their common entry.
export { toProto3Json } from './to-json.js';
export { fromProto3Json } from './from-json.js';
export { ProtoJsonError } from './json-error.js';
export { durationFromMs, timestampFromMs } from './json-wkt.js';
