// `npm run build`, after tsc: compiles the CES protos of the installed google-proto-files into
// protobufjs JSON descriptors in dist/protos/ (one file per part, and a manifest naming the package
// versions), so a process reads JSON instead of parsing .proto text (src/client/proto/descriptor.ts).
// The generator is compiled TypeScript, so the run-time fallback parses exactly the same way.
import { fileURLToPath } from 'node:url';
import { writeDescriptor } from '../dist/client/proto/descriptor.js';

const started = performance.now();
const manifest = writeDescriptor(fileURLToPath(new URL('../dist/protos', import.meta.url)));
console.log(
  `compiled ${manifest.parts.length} proto parts (google-proto-files ${manifest.googleProtoFiles}) ` +
    `in ${Math.round(performance.now() - started)} ms`,
);
