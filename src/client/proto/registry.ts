// The process's one protobufjs reflection root. The client, the in-process emulator, the platform
// services and the proto3 JSON converters all look their types up here, so each part of the CES
// protos (parts.ts) is read once per process, when something first needs it: from the descriptor
// compiled at build time when it matches the installed packages, else parsed from the .proto files.
import type * as grpc from '@grpc/grpc-js';
import * as path from 'node:path';
import protobuf from 'protobufjs';
import { PACKAGE_ROOT } from '../../package-root.js';
import { parsePart, readManifest, readPart, type DescriptorManifest } from './descriptor.js';
import { methodShapes, serviceConstructor } from './grpc-service.js';
import { madeFromOf, usePrecompiledCodecs } from './codecs.js';
import { addMissing } from './merge-nested.js';
import type { ProtoPart } from './parts.js';

/** Where the parts come from: the compiled descriptor, or the .proto files (and why). */
export type ProtoSource = { kind: 'descriptor'; dir: string } | { kind: 'proto-files'; reason: string };
type Source =
  { kind: 'descriptor'; dir: string; manifest: DescriptorManifest } | { kind: 'proto-files'; reason: string };

export class ProtoRegistry {
  readonly root = new protobuf.Root();
  private readonly from: Source;
  private readonly loaded = new Set<ProtoPart>();
  /** The digest of base's JSON text, which every part's codecs were made from too. */
  private baseDigest: string | undefined;
  private readonly services = new Map<string, grpc.ServiceClientConstructor>();

  constructor(descriptorDir: string) {
    const read = readManifest(descriptorDir);
    this.from =
      'problem' in read
        ? { kind: 'proto-files', reason: read.problem }
        : { kind: 'descriptor', dir: descriptorDir, manifest: read.manifest };
  }

  get source(): ProtoSource {
    return this.from.kind === 'descriptor' ? { kind: 'descriptor', dir: this.from.dir } : this.from;
  }

  /** The root, with `part` in it (added on the first call, after the base part). */
  load(part: ProtoPart): protobuf.Root {
    if (!this.loaded.has(part)) {
      if (part !== 'base') this.load('base');
      if (this.from.kind === 'descriptor') {
        const { json, digest } = readPart(this.from.dir, part);
        if (part === 'base') this.baseDigest = digest;
        addMissing(this.root, json.nested ?? {});
        // Before resolving: resolving a field makes its type's constructor, one of the precompiled.
        usePrecompiledCodecs(this.root, this.from.dir, part, madeFromOf(part, digest, this.baseDigest));
        // Not resolved here: the build resolved every reference of the descriptor (descriptor.ts),
        // and each type's fields are resolved when it is first used (resolved.ts).
      } else {
        addMissing(this.root, parsePart(part).nested ?? {});
        this.root.resolveAll(); // parsed now: an unresolvable reference fails here, not on a request
      }
      this.loaded.add(part);
    }
    return this.root;
  }

  /** The parts read so far, in the order they were added. */
  loadedParts(): ProtoPart[] {
    return [...this.loaded];
  }

  lookupType(part: ProtoPart, fullName: string): protobuf.Type {
    return this.load(part).lookupType(fullName);
  }

  /**
   * The grpc-js client constructor of a service of `part` (one per process; servers use its
   * `.service`). With the compiled descriptor, the part is read with the first message.
   */
  service(part: ProtoPart, fullName: string): grpc.ServiceClientConstructor {
    let ctor = this.services.get(fullName);
    if (!ctor) {
      const service = (): protobuf.Service => this.load(part).lookupService(fullName);
      const methods = this.from.kind === 'descriptor' ? this.from.manifest.services[fullName] : undefined;
      ctor = serviceConstructor(fullName, methods ?? methodShapes(service()), service);
      this.services.set(fullName, ctor);
    }
    return ctor;
  }
}

let processRegistry: ProtoRegistry | undefined;

/** The registry every part of cxas-eval shares, reading the descriptor of `npm run build` (dist/protos/). */
export function protoRegistry(): ProtoRegistry {
  processRegistry ??= new ProtoRegistry(path.join(PACKAGE_ROOT, 'dist', 'protos'));
  return processRegistry;
}
