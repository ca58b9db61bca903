// `redact:` masks what users and the agent wrote, never the model's own identifiers, timestamps,
// enums or codes: every string of the report schema is classified, and a masked run still reads
// as a results.json (the stored-run readers validate against the schema).
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { childContext, classifiedKey, Redactor, stringRule, type RedactContext } from '../../src/model/redact.js';
import { loadRunResult } from '../../src/reporters/index.js';
import { readSchema } from '../../src/package-root.js';
import { buildRunResult } from '../reporters/fixture.js';

type Schema = Record<string, unknown>;

interface StringField {
  /** Path in the schema, for the failure message. */
  at: string;
  key: string;
  /** The context of the object the string is in. */
  ctx: RedactContext;
  structural: boolean;
}

/** Every string property of the report schema, with the redaction context the walk gives it. */
function stringFields(): StringField[] {
  const schema = readSchema('report.schema.json') as Schema;
  const defs = (schema['$defs'] ?? {}) as Record<string, Schema>;
  const out: StringField[] = [];
  const seen = new Set<string>();
  const visit = (node: unknown, ctx: RedactContext, at: string, key: string | undefined): void => {
    if (node === null || typeof node !== 'object') return;
    const n = node as Schema;
    const ref = typeof n['$ref'] === 'string' ? n['$ref'].split('/').pop()! : undefined;
    if (ref) {
      const id = `${ref}@${ctx}@${key}`;
      if (seen.has(id)) return;
      seen.add(id);
      visit(defs[ref], ctx, `${at}→${ref}`, key);
      return;
    }
    for (const k of ['anyOf', 'oneOf', 'allOf'])
      for (const alt of (n[k] as unknown[] | undefined) ?? []) visit(alt, ctx, at, key);
    const types = ([] as unknown[]).concat(n['type'] ?? []);
    const enumerated = Array.isArray(n['enum']) && (n['enum'] as unknown[]).some((v) => typeof v === 'string');
    if (key !== undefined && (types.includes('string') || enumerated || typeof n['const'] === 'string')) {
      const structural = enumerated || n['const'] !== undefined || n['format'] === 'date-time';
      out.push({ at, key, ctx, structural });
    }
    if (n['items']) visit(n['items'], ctx, `${at}[]`, key);
    for (const [k, v] of Object.entries((n['properties'] ?? {}) as Record<string, unknown>))
      visit(v, childContext(ctx, k), `${at}.${k}`, k);
  };
  visit(schema, 'model', 'RunResult', undefined);
  return out;
}

describe('which strings redact: masks', () => {
  const fields = stringFields();

  it('walks the whole schema', () => {
    expect(fields.length).toBeGreaterThan(100);
    expect(fields.map((f) => f.at)).toEqual(expect.arrayContaining(['RunResult.startedAt', 'RunResult.runId']));
  });

  it('classifies every string of the result model as data or structure', () => {
    const unclassified = fields.filter((f) => f.ctx === 'model' && !classifiedKey(f.key)).map((f) => f.at);
    expect(unclassified).toEqual([]);
  });

  it('never masks an enum, a constant or a timestamp', () => {
    const masked = fields.filter((f) => f.structural && stringRule(f.ctx, f.key) !== 'keep').map((f) => f.at);
    expect(masked).toEqual([]);
  });

  it('masks what was said and named, keeps ids, statuses, codes, times and run indexes', () => {
    const result = buildRunResult();
    // Patterns that match nearly everything: digits, statuses, words.
    const masked = new Redactor([/\d/, /passed|failed|error/, /run|session|TIMEOUT/i]).model(result);
    expect(masked.startedAt).toBe(result.startedAt);
    expect(masked.finishedAt).toBe(result.finishedAt);
    expect(masked.runId).toBe(result.runId);
    expect(masked.status).toBe(result.status);
    const [before, after] = [result.conversations[0]!, masked.conversations[0]!];
    expect(after.startedAt).toBe(before.startedAt);
    expect(after.status).toBe(before.status);
    expect(after.sessionId).toBe(before.sessionId);
    expect(after.id).toMatch(/#0$/);
    expect(after.turns[1]!.result!.text).not.toBe(before.turns[1]!.result!.text);
    expect(after.turns[1]!.result!.text).toContain('[REDACTED]');
  });

  it('leaves a masked run readable as a results.json', async () => {
    const masked = new Redactor([/\d/, /[a-z]/i]).model(buildRunResult());
    const file = path.join(await mkdtemp(path.join(tmpdir(), 'redact-fields-')), 'results.json');
    await writeFile(file, JSON.stringify(masked));
    const read = await loadRunResult(file);
    expect(read.conversations.length).toBe(masked.conversations.length);
  });
});
