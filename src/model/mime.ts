// The MIME type of an input file (blob, image) from its extension: the loader fills it into the
// spec model, the client sends it. Here, not in the client, so loading specs (`validate`) does not
// load the client and gRPC with it. mime-types (and its database) is required on first use: most
// runs send no files, and loading it costs ~15 ms of start-up.
import { createRequire } from 'node:module';
import type mimeTypes from 'mime-types';

const require = createRequire(import.meta.url);
let mime: typeof mimeTypes | undefined;

export function guessMimeType(file: string | undefined): string {
  if (!file) return 'application/octet-stream';
  mime ??= require('mime-types') as typeof mimeTypes;
  return mime.lookup(file) || 'application/octet-stream';
}
