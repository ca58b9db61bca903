import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import protobuf from 'protobufjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROTO_ROOT, writeDescriptor } from './descriptor.js';
import { DECODE_OPTIONS } from './grpc-service.js';
import { PROTO_PART_NAMES, PROTO_PARTS } from './parts.js';
import { ProtoRegistry } from './registry.js';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'cxas-protos-'));
  writeDescriptor(path.join(dir, 'fresh'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A copy of the compiled descriptor, changed by `edit` (manifest and parts as JSON text). */
function doctored(name: string, edit: (file: string, text: string) => string): string {
  const out = path.join(dir, name);
  cpSync(path.join(dir, 'fresh'), out, { recursive: true });
  for (const file of ['manifest', ...PROTO_PART_NAMES]) {
    const p = path.join(out, `${file}.json`);
    writeFileSync(p, edit(file, readFileSync(p, 'utf8')));
  }
  return out;
}

// A field renamed in the compiled v1 part only: it shows which of the two sources a registry read.
const renameText = (file: string, text: string): string =>
  file === 'v1' ? text.replace('"willContinue":', '"willContinueCompiled":') : text;
const fieldsOfSessionInput = (registry: ProtoRegistry): string[] =>
  Object.keys(registry.lookupType('v1', 'google.cloud.ces.v1.SessionInput').fields);

describe('the compiled descriptor', () => {
  it('is what a registry reads when its manifest matches the installed packages', () => {
    const registry = new ProtoRegistry(doctored('renamed', renameText));
    expect(registry.source).toEqual({ kind: 'descriptor', dir: path.join(dir, 'renamed') });
    expect(fieldsOfSessionInput(registry)).toContain('willContinueCompiled');
  });

  it('is set aside for the .proto files when made from another google-proto-files version', () => {
    const stale = doctored('stale', (file, text) =>
      renameText(
        file,
        file === 'manifest' ? text.replace(/"googleProtoFiles": "[^"]*"/, '"googleProtoFiles": "0.0.1"') : text,
      ),
    );
    const registry = new ProtoRegistry(stale);
    expect(registry.source).toEqual({
      kind: 'proto-files',
      reason: expect.stringMatching(/googleProtoFiles 0\.0\.1, installed \d/) as unknown,
    });
    expect(fieldsOfSessionInput(registry)).toContain('willContinue');
    expect(fieldsOfSessionInput(registry)).not.toContain('willContinueCompiled');
  });

  it('is set aside when missing, and the .proto files serve every part', () => {
    const registry = new ProtoRegistry(path.join(dir, 'nothing-here'));
    expect(registry.source).toMatchObject({
      kind: 'proto-files',
      reason: expect.stringMatching(/no compiled descriptor/),
    });
    for (const part of PROTO_PART_NAMES) registry.load(part);
    expect(registry.service('v1', 'google.cloud.ces.v1.SessionService').service.RunSession!.path).toBe(
      '/google.cloud.ces.v1.SessionService/RunSession',
    );
    expect(registry.lookupType('platform', 'google.longrunning.Operation').fields['done']).toBeDefined();
  });

  it('adds each part once, into one root, whatever the order', () => {
    const registry = new ProtoRegistry(path.join(dir, 'fresh'));
    const root = registry.load('platform');
    expect(registry.load('v1beta-agent')).toBe(root);
    expect(registry.load('v1')).toBe(root);
    const Struct = root.lookupType('google.protobuf.Struct');
    expect(registry.lookupType('v1', 'google.protobuf.Struct')).toBe(Struct);
    expect(registry.service('v1beta-agent', 'google.cloud.ces.v1beta.AgentService')).toBe(
      registry.service('platform', 'google.cloud.ces.v1beta.AgentService'),
    );
  });
});

describe('services', () => {
  it('are registered from the manifest, their part read with their first message', () => {
    const registry = new ProtoRegistry(path.join(dir, 'fresh'));
    const Agent = registry.service('v1beta-agent', 'google.cloud.ces.v1beta.AgentService');
    const get = Agent.service.GetConversation!;
    expect(get.path).toBe('/google.cloud.ces.v1beta.AgentService/GetConversation');
    expect(registry.loadedParts()).toEqual([]);
    const bytes = get.requestSerialize({ name: 'projects/p/locations/l/apps/a/conversations/c' });
    expect(registry.loadedParts()).toEqual(['base', 'v1beta-agent']);
    expect(get.requestDeserialize(bytes)).toEqual({ name: 'projects/p/locations/l/apps/a/conversations/c' });
  });

  it('are made from the parsed part when the .proto files serve', () => {
    const registry = new ProtoRegistry(path.join(dir, 'nothing-here'));
    const Session = registry.service('v1', 'google.cloud.ces.v1.SessionService');
    expect(registry.loadedParts()).toEqual(['base', 'v1']);
    expect(Object.keys(Session.service)).toEqual(expect.arrayContaining(['RunSession', 'BidiRunSession']));
    expect(Session.service.BidiRunSession).toMatchObject({ requestStream: true, responseStream: true });
  });
});

describe('a root built from the descriptor', () => {
  // The reference: every part's .proto files parsed by protobufjs into one root, as before.
  const parsed = new protobuf.Root();
  parsed.resolvePath = (_o, t) => (path.isAbsolute(t) ? t : path.join(PROTO_ROOT, t));
  parsed.loadSync([...new Set(Object.values(PROTO_PARTS).flat())], { keepCase: false });
  parsed.resolveAll();
  let types: protobuf.Type[] = [];
  beforeAll(() => {
    types = keptOf(parsed);
  });

  it('declares every type and field exactly as the .proto files do, whatever order the parts load in', () => {
    expect(types.length).toBeGreaterThan(400);
    for (const order of [PROTO_PART_NAMES, [...PROTO_PART_NAMES].reverse()]) {
      const registry = new ProtoRegistry(path.join(dir, 'fresh'));
      for (const part of order) registry.load(part);
      // Each reference resolves (as each type does when first used: resolved.ts) to the same type.
      registry.root.resolveAll();
      for (const type of types) {
        const compiled = registry.root.lookupType(type.fullName);
        expect(shape(compiled), type.fullName).toEqual(shape(type));
      }
      expect(allTypes(registry.root).length).toBe(types.length);
    }
  });

  it('leaves out only the annotations of base: no type a CES message or service reaches', () => {
    const left = allTypes(parsed).filter((type) => !types.includes(type));
    // The option extensions of google/api and the descriptor types they extend, nothing else.
    expect(left.length).toBeGreaterThan(50);
    for (const type of left) expect(type.fullName).toMatch(/^\.google\.(api|protobuf)\./);
    const registry = new ProtoRegistry(path.join(dir, 'fresh'));
    for (const part of PROTO_PART_NAMES) registry.load(part);
    const reached = new Set(allTypes(registry.root).flatMap((t) => t.fieldsArray.map((f) => f.resolvedType?.fullName)));
    for (const type of left) expect(reached.has(type.fullName), type.fullName).toBe(false);
    const carried = ['.google.rpc.Status', '.google.rpc.RetryInfo', '.google.longrunning.Operation'];
    for (const name of [...carried, '.google.protobuf.Any']) expect(registry.root.lookupType(name).fullName).toBe(name);
    expect(() => registry.root.lookupType('.google.protobuf.FieldOptions')).toThrow(/no such type/);
  });

  it('keeps the option values of the CES fields as plain data', () => {
    const registry = new ProtoRegistry(path.join(dir, 'fresh'));
    const appName = registry.lookupType('v1', 'google.cloud.ces.v1.RunSessionRequest').fields.config;
    expect(appName?.options).toMatchObject({ '(google.api.field_behavior)': 'REQUIRED' });
  });

  it('encodes and decodes every message type to the same bytes and objects', () => {
    const registry = new ProtoRegistry(path.join(dir, 'fresh'));
    for (const part of PROTO_PART_NAMES) registry.load(part);
    for (const type of types) {
      const compiled = registry.root.lookupType(type.fullName);
      const sample = sampleOf(type, 2);
      const bytes = Buffer.from(type.encode(type.fromObject(sample)).finish());
      expect(Buffer.from(compiled.encode(compiled.fromObject(sample)).finish()), type.fullName).toEqual(bytes);
      expect(compiled.toObject(compiled.decode(bytes), DECODE_OPTIONS)).toEqual(
        type.toObject(type.decode(bytes), DECODE_OPTIONS),
      );
    }
  });
});

describe('precompiled codecs', () => {
  // Every part's .proto files parsed into a root of their own: protobufjs generates its functions.
  const parsed = new protobuf.Root();
  parsed.resolvePath = (_o, t) => (path.isAbsolute(t) ? t : path.join(PROTO_ROOT, t));
  parsed.loadSync([...new Set(Object.values(PROTO_PARTS).flat())], { keepCase: false });
  parsed.resolveAll();
  const functionsOf = (type: protobuf.Type): string[] => {
    type.setup();
    return [type.encode, type.decode, type.verify, type.fromObject, type.toObject, type.ctor].map(String);
  };

  it('are, for every type, the functions protobufjs generates, whatever order the parts load in', () => {
    for (const order of [PROTO_PART_NAMES, [...PROTO_PART_NAMES].reverse()]) {
      const registry = new ProtoRegistry(path.join(dir, 'fresh'));
      for (const part of order) registry.load(part);
      for (const type of keptOf(parsed))
        expect(functionsOf(registry.root.lookupType(type.fullName)), type.fullName).toEqual(functionsOf(type));
    }
  });

  /** A copy of the fresh descriptor whose v1 codecs file marks SessionInput's encoder and constructor. */
  const marked = (name: string, editJson: (file: string, text: string) => string = (_f, t) => t): string => {
    const out = doctored(name, editJson);
    const file = path.join(out, 'v1.codecs.cjs');
    const text = readFileSync(file, 'utf8');
    const edited = text
      .replace('return function SessionInput$encode(m,w,q){', '$& /* marked */')
      .replace('return function SessionInput(p){', '$& /* marked */');
    expect(edited.match(/marked/g)).toHaveLength(2);
    writeFileSync(file, edited);
    return out;
  };
  const sessionInput = (descriptor: string): protobuf.Type =>
    new ProtoRegistry(descriptor).lookupType('v1', 'google.cloud.ces.v1.SessionInput');

  it("are read from the part's codecs file, constructors included", () => {
    const type = sessionInput(marked('marked'));
    expect(String(type.ctor)).toContain('/* marked */');
    expect(String(type.setup().encode)).toContain('/* marked */');
    expect(Buffer.from(type.encode(type.fromObject({ text: 'hi' })).finish())).toEqual(
      Buffer.from([0x0a, 2, 0x68, 0x69]),
    );
  });

  it("are set aside when the part's JSON is not the one they were made from, or when missing", () => {
    const renamed = sessionInput(marked('marked-renamed', renameText));
    expect(String(renamed.setup().encode)).not.toContain('/* marked */');
    expect(String(renamed.encode)).toContain('m.willContinueCompiled');
    const missing = doctored('no-codecs', (_f, t) => t);
    rmSync(path.join(missing, 'v1.codecs.cjs'));
    const type = sessionInput(missing);
    expect(Buffer.from(type.encode(type.fromObject({ text: 'hi' })).finish())).toEqual(
      Buffer.from([0x0a, 2, 0x68, 0x69]),
    );
  });
});

function allTypes(ns: protobuf.Namespace): protobuf.Type[] {
  return ns.nestedArray.flatMap((o) => [
    ...(o instanceof protobuf.Type ? [o] : []),
    ...(o instanceof protobuf.Namespace ? allTypes(o) : []),
  ]);
}

/**
 * The types of `parsed` (every part's .proto files) the descriptor keeps: all but the annotations of
 * base that no part uses (used-base.ts), read from the compiled files themselves.
 */
function keptOf(parsed: protobuf.Root): protobuf.Type[] {
  const compiled = new ProtoRegistry(path.join(dir, 'fresh'));
  for (const part of PROTO_PART_NAMES) compiled.load(part);
  return allTypes(parsed).filter((type) => compiled.root.lookup(type.fullName) instanceof protobuf.Type);
}

/** What decides a message's encoding: per field its number, type, label, packing, map key and oneof. */
function shape(type: protobuf.Type): unknown {
  return type.fieldsArray.map((f) => ({
    name: f.name,
    id: f.id,
    type: f.resolvedType?.fullName ?? f.type,
    repeated: f.repeated,
    packed: f.repeated && f.packed,
    keyType: f instanceof protobuf.MapField ? f.keyType : undefined,
    oneof: f.partOf?.name,
    presence: Boolean(f.hasPresence),
  }));
}

/** A message with every field set (one member per oneof), nested messages down to `depth`. */
function sampleOf(type: protobuf.Type, depth: number): Record<string, unknown> {
  const sample: Record<string, unknown> = {};
  const oneofsSet = new Set<string>();
  for (const f of type.fieldsArray) {
    if (f.partOf) {
      if (oneofsSet.has(f.partOf.name)) continue;
      oneofsSet.add(f.partOf.name);
    }
    const value = valueOf(f, depth);
    if (value === undefined) continue;
    sample[f.name] = f.map ? { k1: value } : f.repeated ? [value] : value;
  }
  return sample;
}

function valueOf(f: protobuf.Field, depth: number): unknown {
  const rt = f.resolvedType;
  if (rt instanceof protobuf.Enum) return Object.values(rt.values).at(-1);
  if (rt instanceof protobuf.Type) return depth > 0 ? sampleOf(rt, depth - 1) : undefined;
  const scalars: Record<string, unknown> = {
    string: `s-${f.name}`,
    bytes: Buffer.from(f.name),
    bool: true,
    double: 1.5,
    float: 2.5,
  };
  if (f.type in scalars) return scalars[f.type];
  const unsigned = f.type.startsWith('u') || f.type.startsWith('fixed');
  if (f.type.endsWith('64')) return unsigned ? '5000000000' : '-5000000000'; // int64 beyond 32 bits, as a string
  return unsigned ? 7 : -7;
}
