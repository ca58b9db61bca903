import { describe, expect, it } from 'vitest';
import { goldenPath, legacyGoldenPath, slug } from './paths.js';

describe('golden file names', () => {
  it('keep the letters, marks and digits of every script, lower-cased; the rest folds to one -', () => {
    expect(
      ['greet [city=東京]', 'greet [city=大阪]', 'Café au lait', 'Balance check!', '残高を確認'].map(slug),
    ).toEqual(['greet-city-東京', 'greet-city-大阪', 'café-au-lait', 'balance-check', '残高を確認']);
    // Devanagari vowel signs are marks: कम and काम are different words.
    expect(slug('कम')).not.toBe(slug('काम'));
    // NFC: a composed and a decomposed é are the same name.
    expect(slug('Cafe\u0301')).toBe(slug('Caf\u00e9'));
    expect(slug('?!')).toBe('conversation');
  });

  it('are cut past 200 bytes with a hash of the whole, so long names stay apart', () => {
    const [a, b] = [`${'長'.repeat(100)}a`, `${'長'.repeat(100)}b`].map(slug) as [string, string];
    expect(Buffer.byteLength(a)).toBeLessThanOrEqual(200);
    expect(a).toMatch(/^長+-[0-9a-f]{8}$/);
    expect(a).not.toBe(b);
  });

  it('the old ASCII name is known, to say which file to rename', () => {
    expect(goldenPath('goldens', 'specs/a.yaml', 'Café')).toBe('goldens/specs/a/café.yaml');
    expect(legacyGoldenPath('goldens', 'specs/a.yaml', 'Café')).toBe('goldens/specs/a/cafe.yaml');
  });
});
