import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { createReporter } from '../../src/reporters/index.js';
import { renderJson } from '../../src/reporters/json.js';
import { RESULT_SCHEMA_VERSION } from '../../src/model/result.js';
import { buildConversations, buildRunResult } from './fixture.js';
import { tempDirs } from '../helpers/temp-dirs.js';

const tempDir = tempDirs('json');

const addFormats = addFormatsModule as unknown as (ajv: Ajv2020) => Ajv2020;

async function compileSchema(): Promise<ReturnType<Ajv2020['compile']>> {
  const schema = JSON.parse(
    await readFile(new URL('../../schemas/report.schema.json', import.meta.url), 'utf8'),
  ) as object;
  return addFormats(new Ajv2020({ allErrors: true, strict: true, strictRequired: false })).compile(schema);
}

describe('json reporter', () => {
  it('writes the RunResult as results.json, unchanged', async () => {
    const dir = tempDir('json');
    const result = buildRunResult();
    await (
      await createReporter('json', { outputDir: dir })
    ).onRunEnd!(result);
    expect(JSON.parse(await readFile(join(dir, 'results.json'), 'utf8'))).toEqual(JSON.parse(JSON.stringify(result)));
  });

  it('renders conversations as they end (redacted) and writes the same document', async () => {
    const dir = tempDir('json');
    const result = buildRunResult();
    const secret = result.conversations[0]!.name;
    const reporter = await createReporter('json', { outputDir: dir, redact: [new RegExp(secret)] });
    for (const c of result.conversations.slice(0, 2)) await reporter.onConversationEnd!(c);
    await new Promise((resolve) => setImmediate(resolve));
    await reporter.onRunEnd!(result);
    const text = await readFile(join(dir, 'results.json'), 'utf8');
    expect(text).not.toContain(secret);
    const expected = JSON.parse(JSON.stringify(result).replaceAll(secret, '[REDACTED]')) as unknown;
    expect(JSON.parse(text)).toEqual(expected);
  });

  it('writes lines encoded during the run in chunks, byte for byte the rendered text (non-ASCII too)', async () => {
    const dir = tempDir('json');
    const [first] = buildConversations();
    // More conversations than one chunk holds, some rendered as they end and some only at the end.
    const conversations = Array.from({ length: 230 }, (_, i) => ({ ...first!, id: `c${i}`, name: `café ✓ ${i}` }));
    const result = buildRunResult(conversations);
    const reporter = await createReporter('json', { outputDir: dir });
    for (const c of conversations.slice(0, 150)) await reporter.onConversationEnd!(c);
    await new Promise((resolve) => setImmediate(resolve));
    await reporter.onRunEnd!(result);
    expect(await readFile(join(dir, 'results.json'), 'utf8')).toBe(renderJson(result));
  });

  it('indents the header and puts each conversation on a line of its own, keys in model order', () => {
    const result = buildRunResult();
    const text = renderJson(result);
    expect(JSON.stringify(JSON.parse(text))).toBe(JSON.stringify(result));
    const lines = text.split('\n');
    expect(lines.slice(0, 2)).toEqual(['{', `  "schemaVersion": ${result.schemaVersion},`]);
    const start = lines.indexOf('  "conversations": [');
    expect(start).toBeGreaterThan(0);
    const rows = lines.slice(start + 1, start + 1 + result.conversations.length);
    expect(rows.map((row) => JSON.parse(row.trim().replace(/,$/, '')) as unknown)).toEqual(
      JSON.parse(JSON.stringify(result.conversations)),
    );
    expect(lines[start + 1 + result.conversations.length]).toMatch(/^ {2}\],?$/);
    expect(text.endsWith('}\n')).toBe(true);
    expect(renderJson({ ...result, conversations: [] })).toContain('  "conversations": [],\n');
  });

  it('matches schemas/report.schema.json, which rejects what is not a RunResult', async () => {
    const validate = await compileSchema();
    const result = JSON.parse(JSON.stringify(buildRunResult())) as Record<string, unknown>;
    expect(validate(result), JSON.stringify(validate.errors)).toBe(true);
    expect(validate({ ...result, schemaVersion: RESULT_SCHEMA_VERSION + 1 })).toBe(false);
    const conversations = result.conversations as Array<Record<string, unknown>>;
    expect(validate({ ...result, conversations: [{ ...conversations[0], status: 'ok' }] })).toBe(false);
    expect(validate({ ...result, startedAt: 'yesterday' })).toBe(false);
  });
});
