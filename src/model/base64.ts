// Inline file content (`blob:`/`image:` `data:`) is base64. Node's decoder skips what is not base64
// and stops at a misplaced `=`, so a file path written as data (`data: fixtures/receipt.pdf`) would
// be sent as a few garbage bytes and the turn would run; the loader refuses it instead (and the
// runner again, for a spec built in code). Canonical only: the standard alphabet, padded to a
// multiple of 4, on one line, as `base64 -w0` and the platform's exports write it.
import { quoted } from './location.js';

const CANONICAL = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/**
 * Why `data` is not canonical base64, or undefined. `fileHint`: where a `file:` could be written
 * instead (native specs), a file name written as data says so.
 */
export function base64Problem(data: string, { fileHint = false } = {}): string | undefined {
  const stray = /[^A-Za-z0-9+/=]/.exec(data);
  if (stray) return `not base64: ${strayText(stray[0], stray.index)}${fileHint ? pathHint(data) : ''}`;
  if (!CANONICAL.test(data)) {
    const shape =
      data.length % 4 ? `its length ${data.length} is not a multiple of 4` : '"=" is only padding at the end';
    return `not base64: ${shape}`;
  }
  // Leftover bits in the last character decode to nothing: another text for the same bytes.
  if (Buffer.from(data, 'base64').toString('base64') !== data)
    return 'not canonical base64: its last character has bits that decode to nothing';
  return undefined;
}

function strayText(char: string, index: number): string {
  const at = `at character ${index + 1}`;
  if (/\s/.test(char)) return `a space or line break ${at} (write it on one line, as base64 -w0 does)`;
  return `${quoted(char)} ${at}`;
}

/** A name with a dot and an extension reads as a file path: `file:` sends a file. */
function pathHint(data: string): string {
  return /\.[A-Za-z0-9]{1,5}$/.test(data) ? '; to send a file, write file: instead of data:' : '';
}
