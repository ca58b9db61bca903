// writeReportFile (src/reporters/files.ts) joins a report's many small pieces into few writes: the
// file must hold exactly the pieces in order, text and bytes mixed, below and above the join size.
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { writeReportFile } from '../../src/reporters/files.js';

const dir = mkdtempSync(path.join(tmpdir(), 'cxas-report-file-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('writeReportFile', () => {
  it('writes pieces of text and bytes in order, small and over a MiB, and leaves no temporary file', async () => {
    const big = 'é'.repeat(700_000); // two of them pass the join size, in characters and in bytes
    const pieces = ['{', 'ü"a"', Buffer.from('[1,2]'), big, 'x', big, Buffer.from('✓'), '}'];
    const file = await writeReportFile(dir, 'pieces.txt', pieces);
    const expected = pieces.map((p) => (typeof p === 'string' ? p : p.toString('utf8'))).join('');
    expect(readFileSync(file, 'utf8')).toBe(expected);
    expect(await writeReportFile(dir, 'one.txt', 'whole')).toBe(path.join(dir, 'one.txt'));
    expect(readFileSync(path.join(dir, 'one.txt'), 'utf8')).toBe('whole');
    expect(readdirSync(dir).sort()).toEqual(['one.txt', 'pieces.txt']);
  });
});
