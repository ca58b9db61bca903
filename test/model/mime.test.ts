// guessMimeType (src/model/mime.ts) answers common extensions from its own table, the rest from
// mime-types: the table must say what mime-types says, so the shortcut changes no request.
import mimeTypes from 'mime-types';
import { describe, expect, it } from 'vitest';
import { COMMON_TYPES, guessMimeType } from '../../src/model/mime.js';

describe('guessMimeType', () => {
  it.each(Object.keys(COMMON_TYPES))('answers .%s as mime-types does, in any case', (ext) => {
    for (const file of [`dir/a.${ext}`, `B.${ext.toUpperCase()}`]) {
      expect(guessMimeType(file)).toBe(mimeTypes.lookup(file));
    }
  });

  it('asks mime-types for other extensions, and falls back to octet-stream', () => {
    expect(guessMimeType('clip.opus')).toBe('audio/ogg');
    expect(guessMimeType('notes.md')).toBe(mimeTypes.lookup('notes.md'));
    expect(guessMimeType('.pdf')).toBe('application/pdf');
    expect(guessMimeType('no-extension')).toBe('application/octet-stream');
    expect(guessMimeType(undefined)).toBe('application/octet-stream');
  });
});
