// Sessions.getFileData: a file's bytes and guessed MIME type, for blob and image inputs.
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import type mimeTypes from 'mime-types';
import { CesInputError } from './errors.js';

const require = createRequire(import.meta.url);
let mime: typeof mimeTypes | undefined;

/**
 * The MIME type of a file from its extension. mime-types (and its database) is required on first
 * use: most runs send no files, and loading it costs ~15 ms of start-up.
 */
export function guessMimeType(file: string | undefined): string {
  if (!file) return 'application/octet-stream';
  mime ??= require('mime-types') as typeof mimeTypes;
  return mime.lookup(file) || 'application/octet-stream';
}

export async function readFileData(path: string): Promise<{ mimeType: string; data: Buffer }> {
  let data: Buffer;
  try {
    data = await readFile(path);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a directory' : (err as Error).message;
    throw new CesInputError(`cannot read file ${path}: ${why}`);
  }
  return { mimeType: guessMimeType(path), data };
}
