import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { redactRunResult, writeReports } from '../../src/reporters/index.js';
import { buildRunResult, SECRET } from './fixture.js';
import { tempDirs } from '../helpers/temp-dirs.js';

const tempDir = tempDirs('redact');

describe('redaction', () => {
  it('masks every match in text and variable values, without touching the input', () => {
    const result = buildRunResult();
    const masked = redactRunResult(result, [/sk-live-[A-Z0-9]+/]);
    const turn = masked.conversations[0]!.turns[1]!.result!;
    expect(turn.updatedVariables.api_token).toBe('[REDACTED]');
    expect(turn.text).toBe('Your balance is $42.50. Token [REDACTED].');
    expect(JSON.stringify(masked)).not.toContain(SECRET);
    expect(JSON.stringify(result)).toContain(SECRET);
    expect(redactRunResult(result, [])).toBe(result);
  });

  it("masks numbers, booleans and keys of free-form data, and keeps the model's own numbers", () => {
    const result = buildRunResult();
    const turn = result.conversations[0]!.turns[1]!.result!;
    turn.updatedVariables = { card: 4111111111111111, ['k4111111111111111']: true, balance: 42.5, flag: false };
    const masked = redactRunResult(result, [/\d{16}/, /^42\.5$/, /^false$/]);
    expect(masked.conversations[0]!.turns[1]!.result!.updatedVariables).toEqual({
      card: '[REDACTED]',
      'k[REDACTED]': true,
      balance: '[REDACTED]',
      flag: '[REDACTED]',
    });
    expect(masked.conversations[0]!.turns[1]!.result!.toolResponses[0]!.response).toEqual({
      status: 'ok',
      balance: '[REDACTED]',
    });
    expect(masked.conversations[0]!.durationMs).toBe(result.conversations[0]!.durationMs);
    expect(masked.summary).toEqual(result.summary);
  });

  it('keeps every report free of the secret: JSON, JUnit and HTML', async () => {
    const dir = tempDir('redact');
    const { files, failures } = await writeReports(buildRunResult(), ['json', 'junit', 'html'], {
      outputDir: dir,
      redact: [/sk-live-\w+/i],
    });
    expect(failures).toEqual([]);
    expect(files.map((f) => f.slice(dir.length + 1))).toEqual(['results.json', 'junit.xml', 'report.html']);
    for (const file of files) {
      const text = await readFile(file, 'utf8');
      expect(text, file).not.toContain(SECRET);
      expect(text, file).toContain('[REDACTED]');
    }
    const json = JSON.parse(await readFile(join(dir, 'results.json'), 'utf8')) as ReturnType<typeof buildRunResult>;
    expect(json.conversations[0]!.turns[1]!.result!.updatedVariables.api_token).toBe('[REDACTED]');
    expect(await readFile(join(dir, 'junit.xml'), 'utf8')).toContain(
      'VARIABLES: {"api_token":"[REDACTED]","tier":"gold"}',
    );
  });
});

describe('writeReports', () => {
  it('reports a reporter that cannot write instead of throwing, and lists only files written', async () => {
    const dir = tempDir('write');
    const blocked = join(dir, 'file-not-dir');
    await writeFile(blocked, 'x');
    const { files, failures } = await writeReports(buildRunResult(), ['json', 'junit'], { outputDir: blocked });
    expect(files).toEqual([]);
    expect(failures.map((f) => `${f.reporter}.${f.hook}`)).toEqual(['json.onRunEnd', 'junit.onRunEnd']);
    expect(failures[0]!.error).toMatch(/EEXIST|ENOTDIR/);
    await expect(writeReports(buildRunResult(), ['pdf'], { outputDir: dir })).rejects.toThrow(
      'unknown reporter "pdf" (expected one of list, json, junit, html, github)',
    );
  });
});
