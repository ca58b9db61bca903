// Where a conversation's golden lives: goldens/<spec path without extension>/<conversation slug>.yaml.
// The loader checks that no two conversations of a suite get the same file (load/golden-clashes.ts).
import { createHash } from 'node:crypto';
import * as path from 'node:path';

/** The spec file's folder under the goldens folder: its path without `.yaml`/`.yml` or leading `../`, `/`. */
function specKey(specFile: string): string {
  return specFile
    .replace(/\.(ya?ml)$/i, '')
    .replace(/^(\.\.\/)+/, '')
    .replace(/^\/+/, '');
}

export function goldenPath(goldensDir: string, specFile: string, conversation: string): string {
  return path.join(goldensDir, specKey(specFile), `${slug(conversation)}.yaml`);
}

/**
 * Where cxas-eval before the Unicode slug put the golden (`legacySlug`): a golden found only
 * there is named in the missing-golden message, to be renamed.
 */
export function legacyGoldenPath(goldensDir: string, specFile: string, conversation: string): string {
  return path.join(goldensDir, specKey(specFile), `${legacySlug(conversation)}.yaml`);
}

/** Past this many UTF-8 bytes a slug is cut and given a hash (file names end at 255 bytes). */
const MAX_SLUG_BYTES = 200;

/**
 * A name as a file name: its letters, marks and digits of every script (NFC, lower-cased: file
 * systems that ignore case would fold the rest anyway), each run of anything else one `-`.
 * Marks are kept: in Devanagari or Thai the vowel signs are marks, and कम and काम must differ.
 */
export function slug(name: string): string {
  const s = name
    .normalize('NFC')
    .toLowerCase()
    .replace(/[^\p{L}\p{M}\p{N}]+/gu, '-')
    .replace(/^-+|-+$/g, '');
  if (!s) return 'conversation';
  if (Buffer.byteLength(s) <= MAX_SLUG_BYTES) return s;
  const hash = createHash('sha256').update(s).digest('hex').slice(0, 8);
  return `${cutToBytes(s, MAX_SLUG_BYTES - hash.length - 1)}-${hash}`;
}

/** The longest prefix of `s` of at most `bytes` UTF-8 bytes, cut between code points. */
function cutToBytes(s: string, bytes: number): string {
  let used = 0;
  let out = '';
  for (const ch of s) {
    used += Buffer.byteLength(ch);
    if (used > bytes) break;
    out += ch;
  }
  return out;
}

/** The slug before: ASCII letters and digits only, so 東京 and 大阪 (and every non-Latin name) clashed. */
function legacySlug(name: string): string {
  const s = name
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  return s || 'conversation';
}
