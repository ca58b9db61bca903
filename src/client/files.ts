// Sessions.getFileData: a file's bytes and guessed MIME type, for blob and image inputs.
import { readFile } from 'node:fs/promises';
import { guessMimeType } from '../model/mime.js';
import { CesInputError } from './errors.js';

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
