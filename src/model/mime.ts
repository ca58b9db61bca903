// The MIME type of an input file (blob, image) from its extension: the loader fills it into the
// spec model, the client sends it. Here, not in the client, so loading specs (`validate`) does not
// load the client and gRPC with it. The types agents are sent most are answered from a small
// table; anything else from mime-types, required on first use: loading it and its database costs
// ~10 ms of every start that sends a file (test/model/mime.test.ts keeps the table equal to it).
import { createRequire } from 'node:module';
import * as path from 'node:path';
import type mimeTypes from 'mime-types';

const require = createRequire(import.meta.url);
let mime: typeof mimeTypes | undefined;

/** Extension (lower case, no dot) → what mime-types answers for it. */
export const COMMON_TYPES: Readonly<Record<string, string>> = {
  pdf: 'application/pdf',
  json: 'application/json',
  txt: 'text/plain',
  csv: 'text/csv',
  html: 'text/html',
  png: 'image/png',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  gif: 'image/gif',
  webp: 'image/webp',
  wav: 'audio/wav',
  mp3: 'audio/mpeg',
  flac: 'audio/x-flac',
  ogg: 'audio/ogg',
};

export function guessMimeType(file: string | undefined): string {
  if (!file) return 'application/octet-stream';
  const common = COMMON_TYPES[path.extname(file).slice(1).toLowerCase()];
  if (common) return common;
  mime ??= require('mime-types') as typeof mimeTypes;
  return mime.lookup(file) || 'application/octet-stream';
}
