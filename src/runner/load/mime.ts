// The MIME type of a fixture file from its extension. mime-types (and its database) is required
// on first use: most suites have no file inputs, and loading it costs ~13 ms at start-up.
import { createRequire } from 'node:module';
import type mimeTypes from 'mime-types';

const require = createRequire(import.meta.url);
let mime: typeof mimeTypes | undefined;

export function guessMimeType(file: string | undefined): string {
  if (!file) return 'application/octet-stream';
  mime ??= require('mime-types') as typeof mimeTypes;
  return mime.lookup(file) || 'application/octet-stream';
}
