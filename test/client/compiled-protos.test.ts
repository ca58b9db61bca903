// `npm run build` compiles the CES protos into dist/protos/ (src/client/proto/descriptor.ts), and
// the package reads them from there: the tests (running src/) find the same descriptor the CLI does.
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { protoRegistry } from '../../src/client/proto/registry.js';
import { ROOT } from '../helpers/cli.js';

describe('compiled CES protos', () => {
  it('are what the process reads after npm run build, not the .proto files', () => {
    expect(protoRegistry().source).toEqual({ kind: 'descriptor', dir: path.join(ROOT, 'dist', 'protos') });
  });
});
