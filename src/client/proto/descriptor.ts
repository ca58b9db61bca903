// The CES protos compiled once, at build time: `npm run build` (scripts/compile-protos.mjs) parses
// each part's .proto files from the installed google-proto-files and writes its protobufjs JSON
// descriptor to dist/protos/, with a manifest naming the package versions it was made from. A
// process reads a part's JSON instead of parsing .proto text (most of the start-up cost before);
// when the manifest is missing or was made from other versions, parts are parsed from the .proto
// files as before (docs/protocol.md §1). Nothing generated from Google's protos is committed.
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import protobuf from 'protobufjs';
import { writeCodecs, type CompiledPart } from './codec-source.js';
import { digestOf } from './codecs.js';
import { isPackageJson } from './merge-nested.js';
import { usedBase } from './used-base.js';
import { PROTO_PART_NAMES, PROTO_PARTS, type ProtoPart } from './parts.js';

const require = createRequire(import.meta.url);

/** The directory that contains `google/` (the include root, not `google/` itself: docs/protocol.md §1). */
export const PROTO_ROOT = path.dirname(require.resolve('google-proto-files/package.json'));

/** Bumped whenever what the files hold or how they are named changes. */
const FORMAT = 3;
const MANIFEST = 'manifest.json';

export interface DescriptorManifest {
  format: number;
  /** Versions of the packages the descriptor was made from: another installed version makes it stale. */
  googleProtoFiles: string;
  protobufjs: string;
  parts: string[];
  /**
   * Every service's methods by full name: enough for grpc-js to register a service, or make its
   * client, before its part is read (the emulator serves v1beta and AgentService; few runs use them).
   */
  services: Record<string, MethodShape[]>;
}

/** A method as grpc-js routes it; its message types come from the service's part when first needed. */
export interface MethodShape {
  name: string;
  requestStream: boolean;
  responseStream: boolean;
}

const versionOf = (pkg: string): string => (require(`${pkg}/package.json`) as { version: string }).version;

/** What a descriptor must have been made from to be used by this process. */
function expectedManifest(): Omit<DescriptorManifest, 'services'> {
  return {
    format: FORMAT,
    googleProtoFiles: versionOf('google-proto-files'),
    protobufjs: versionOf('protobufjs'),
    parts: PROTO_PART_NAMES,
  };
}

/** A part parsed from its .proto files (with everything they import), as protobufjs JSON. */
export function parsePart(part: ProtoPart): protobuf.INamespace {
  const root = new protobuf.Root();
  root.resolvePath = (_origin, target) => (path.isAbsolute(target) ? target : path.join(PROTO_ROOT, target));
  // keepCase false: camelCase field names, as grpc-js' proto-loader objects have always had.
  root.loadSync([...PROTO_PARTS[part]], { keepCase: false });
  root.resolveAll(); // an unresolvable reference fails here, at build time, not on a request
  return root.toJSON();
}

/**
 * Writes every part with its precompiled codecs (codecs.ts) and, last, the manifest: a build cut
 * short leaves a descriptor no process uses. Parts other than `base` leave out what `base` has (the
 * registry always loads it first), and `base` leaves out what no other part uses (used-base.ts).
 */
export function writeDescriptor(dir: string): DescriptorManifest {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const parsedBase = parsePart('base');
  const others = new Map(
    PROTO_PART_NAMES.filter((part) => part !== 'base').map((part) => [
      part,
      { nested: without(parsePart(part).nested ?? {}, parsedBase.nested ?? {}, part) },
    ]),
  );
  const base = usedBase(parsedBase, [...others.values()]);
  const services: Record<string, MethodShape[]> = {};
  const parts = new Map<ProtoPart, CompiledPart>();
  for (const [part, json] of [['base', base] as const, ...others]) {
    const text = JSON.stringify(json);
    writeFileSync(partFile(dir, part), text);
    collectServices(json.nested ?? {}, '', services);
    parts.set(part, { json, digest: digestOf(text) });
  }
  const expected = expectedManifest();
  writeCodecs(dir, parts, expected.protobufjs);
  const manifest = { ...expected, services };
  writeFileSync(path.join(dir, MANIFEST), JSON.stringify(manifest, null, 2) + '\n');
  return manifest;
}

type Nested = Record<string, protobuf.AnyNestedObject>;

/** `nested` without what `base` has; an extension only `nested` declares fails (see parts.ts, base). */
function without(nested: Nested, base: Nested, part: ProtoPart): Nested {
  const out: Nested = {};
  for (const [name, json] of Object.entries(nested)) {
    const inBase = base[name];
    if (inBase && isPackageJson(json) && isPackageJson(inBase)) {
      const rest = without(json.nested ?? {}, inBase.nested ?? {}, part);
      if (Object.keys(rest).length) out[name] = { ...json, nested: rest };
    } else if (!inBase) {
      if (declaresExtension(json))
        throw new Error(`proto part ${part}: ${name} declares an extension; add its file to the base part`);
      out[name] = json;
    }
  }
  return out;
}

function declaresExtension(json: protobuf.AnyNestedObject): boolean {
  if ('extend' in json && json.extend !== undefined) return true;
  const nested = 'nested' in json ? json.nested : undefined;
  return Object.values(nested ?? {}).some(declaresExtension);
}

function collectServices(nested: Nested, prefix: string, into: Record<string, MethodShape[]>): void {
  for (const [name, json] of Object.entries(nested)) {
    const fullName = prefix ? `${prefix}.${name}` : name;
    if ('methods' in json)
      into[fullName] = Object.entries(json.methods).map(([method, m]) => ({
        name: method,
        requestStream: Boolean(m.requestStream),
        responseStream: Boolean(m.responseStream),
      }));
    else if ('nested' in json && json.nested) collectServices(json.nested, fullName, into);
  }
}

/** The manifest of the descriptor in `dir`, or why this process cannot use that descriptor. */
export function readManifest(dir: string): { manifest: DescriptorManifest } | { problem: string } {
  let found: Partial<DescriptorManifest>;
  try {
    found = JSON.parse(readFileSync(path.join(dir, MANIFEST), 'utf8')) as Partial<DescriptorManifest>;
  } catch {
    return { problem: `no compiled descriptor at ${dir} (run npm run build)` };
  }
  const expected = expectedManifest();
  if (found.format !== expected.format)
    return { problem: `descriptor format ${found.format}, expected ${expected.format}` };
  for (const pkg of ['googleProtoFiles', 'protobufjs'] as const)
    if (found[pkg] !== expected[pkg])
      return { problem: `descriptor made from ${pkg} ${found[pkg]}, installed ${expected[pkg]}` };
  if (found.parts?.join() !== expected.parts.join() || !found.services)
    return { problem: `descriptor has parts ${found.parts?.join()}, expected ${expected.parts.join()}` };
  return { manifest: found as DescriptorManifest };
}

/** A part's JSON, and the digest of its text (what its precompiled codecs must have been made from). */
export function readPart(dir: string, part: ProtoPart): { json: protobuf.INamespace; digest: string } {
  const text = readFileSync(partFile(dir, part), 'utf8');
  return { json: JSON.parse(text) as protobuf.INamespace, digest: digestOf(text) };
}

const partFile = (dir: string, part: ProtoPart): string => path.join(dir, `${part}.json`);
