// protobufjs writes each message type's encoder, decoder, verifier, converters and constructor as
// JavaScript text and compiles it with `new Function` when the type is first used (its constructor
// when a field is resolved): ~10 ms of every run's start, and code no cache keeps. `npm run build`
// writes that text for every type of a part into dist/protos/<part>.codecs.cjs (codec-source.ts);
// a process loads the file with the part, through Node's module loader (and so the CLI's compile
// cache), and protobufjs uses those functions instead of generating its own. The text is what this
// protobufjs makes from this descriptor: the manifest names the protobufjs version (descriptor.ts),
// the file the digests of the JSON it was made from, and descriptor.test.ts compares every type's
// functions with freshly generated ones.
import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import { debuglog } from 'node:util';
import protobuf from 'protobufjs';
import type { ProtoPart } from './parts.js';

const debug = debuglog('cxas-proto');
const require = createRequire(import.meta.url);

type Util = typeof protobuf.util;
type Types = (protobuf.Type | protobuf.Enum | null)[];
type Codegen = ReturnType<typeof protobuf.Type.generateConstructor>;

/**
 * One type's generated functions, each wrapped in a factory taking the scope protobufjs gives it
 * (`types` holds each field's resolved type, by field index).
 */
interface TypeCodecs {
  encode(Writer: typeof protobuf.Writer, types: Types, util: Util): protobuf.Type['encode'];
  decode(Reader: typeof protobuf.Reader, types: Types, util: Util): protobuf.Type['decode'];
  verify(types: Types, util: Util): protobuf.Type['verify'];
  fromObject(types: Types, util: Util): protobuf.Type['fromObject'];
  toObject(types: Types, util: Util): protobuf.Type['toObject'];
  ctor(): protobuf.Constructor<object>;
}

/**
 * What a part's codecs file exports: the digests of the JSON texts it was made from (the part's and
 * base's), and its types' codecs by full name (`.google.cloud...`).
 */
export interface CodecsModule {
  madeFrom: Partial<Record<ProtoPart, string>>;
  types: Record<string, TypeCodecs>;
}

/** What a part's codecs are made from: its JSON text's digest and, for any other part, base's. */
export function madeFromOf(part: ProtoPart, digest: string, baseDigest: string | undefined): CodecsModule['madeFrom'] {
  return part === 'base' ? { base: digest } : { base: baseDigest, [part]: digest };
}

/** The digest of a part's JSON text: its codecs are used only with exactly the JSON they came from. */
export const digestOf = (text: string): string => createHash('sha256').update(text).digest('hex');

export const codecsFile = (dir: string, part: ProtoPart): string => path.join(dir, `${part}.codecs.cjs`);

/** Per root: the precompiled codecs of its types, by full name. Other roots are left to protobufjs. */
const byRoot = new WeakMap<protobuf.Root, Map<string, TypeCodecs>>();

/**
 * Makes `root`'s types of `part` use the functions compiled at build time, if they were made from
 * the JSON texts of digests `madeFrom`. Call before the part's names are resolved (resolving a field
 * makes its type's constructor). A missing, unreadable or mismatched file leaves protobufjs to
 * generate them as usual: the same functions, only slower (NODE_DEBUG=cxas-proto says why).
 */
export function usePrecompiledCodecs(
  root: protobuf.Root,
  dir: string,
  part: ProtoPart,
  madeFrom: CodecsModule['madeFrom'],
): void {
  let found: CodecsModule;
  try {
    found = require(codecsFile(dir, part)) as CodecsModule;
  } catch (err) {
    debug('no precompiled codecs for %s: %s', part, (err as Error).message);
    return;
  }
  if (JSON.stringify(found.madeFrom) !== JSON.stringify(madeFrom)) {
    debug('precompiled codecs for %s were made from other JSON: not used', part);
    return;
  }
  const { types } = found;
  hookProtobufjs();
  let table = byRoot.get(root);
  if (!table) byRoot.set(root, (table = new Map()));
  for (const [fullName, codecs] of Object.entries(types)) table.set(fullName, codecs);
}

const codecsOf = (type: protobuf.Type): TypeCodecs | undefined => byRoot.get(type.root)?.get(type.fullName);

let hooked = false;

/** Once per process: protobufjs asks for a type's functions here first. */
function hookProtobufjs(): void {
  if (hooked) return;
  hooked = true;
  const { Type } = protobuf;
  const stockSetup = Type.prototype.setup;
  Type.prototype.setup = function setup(this: protobuf.Type): protobuf.Type {
    const codecs = codecsOf(this);
    return codecs ? setupFrom(this, codecs) : stockSetup.call(this);
  };
  const stockConstructor = Type.generateConstructor.bind(Type);
  // The `ctor` getter calls what this returns with no argument and keeps the constructor.
  Type.generateConstructor = (type: protobuf.Type): Codegen => {
    const codecs = codecsOf(type);
    return codecs ? (codecs.ctor as unknown as Codegen) : stockConstructor(type);
  };
}

/** What protobufjs' Type#setup does (protobufjs 7), with the build's functions for its generated ones. */
function setupFrom(type: protobuf.Type, codecs: TypeCodecs): protobuf.Type {
  const { Reader, Writer, util, wrappers } = protobuf;
  const types = type.fieldsArray.map((field) => field.resolve().resolvedType);
  type.encode = codecs.encode(Writer, types, util);
  type.decode = codecs.decode(Reader, types, util);
  type.verify = codecs.verify(types, util);
  type.fromObject = codecs.fromObject(types, util);
  type.toObject = codecs.toObject(types, util);
  const wrapper = wrappers[type.fullName];
  if (wrapper) {
    // As protobufjs does: the wrapper sees the generated converters on a stand-in for the type.
    // (protobufjs' wrappers, google.protobuf.Any's, have both converters.)
    const original = Object.create(type) as protobuf.Type;
    original.fromObject = type.fromObject;
    if (wrapper.fromObject) type.fromObject = wrapper.fromObject.bind(original);
    original.toObject = type.toObject;
    if (wrapper.toObject) type.toObject = wrapper.toObject.bind(original);
  }
  return type;
}
