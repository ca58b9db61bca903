// `npm run build` compiles the CES protos into dist/protos/ (src/client/proto/descriptor.ts), and
// the package reads them from there: the tests (running src/) find the same descriptor the CLI does.
import { createRequire } from 'node:module';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { codecsFile, type CodecsModule } from '../../src/client/proto/codecs.js';
import { readPart } from '../../src/client/proto/descriptor.js';
import { PROTO_PART_NAMES } from '../../src/client/proto/parts.js';
import { protoRegistry } from '../../src/client/proto/registry.js';
import { ROOT } from '../helpers/cli.js';

describe('compiled CES protos', () => {
  it('are what the process reads after npm run build, not the .proto files', () => {
    expect(protoRegistry().source).toEqual({ kind: 'descriptor', dir: path.join(ROOT, 'dist', 'protos') });
  });

  it("come with each part's precompiled codecs, made from that part's JSON", () => {
    const dir = path.join(ROOT, 'dist', 'protos');
    const digest = (part: (typeof PROTO_PART_NAMES)[number]): string => readPart(dir, part).digest;
    for (const part of PROTO_PART_NAMES) {
      const codecs = createRequire(import.meta.url)(codecsFile(dir, part)) as CodecsModule;
      expect(codecs.madeFrom, part).toEqual(
        part === 'base' ? { base: digest('base') } : { base: digest('base'), [part]: digest(part) },
      );
      expect(Object.keys(codecs.types).length, part).toBeGreaterThan(10);
    }
  });
});
