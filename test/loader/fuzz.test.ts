// Property tests: whatever YAML it gets, loadSpecs resolves (never rejects) with SpecErrors that
// carry a file and a 1-based position.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { loadSpecs } from '../../src/runner/load/index.js';
import { SpecError } from '../../src/validation/index.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
const FIXTURES = [
  'test/fixtures/specs/native/full.yaml',
  'specs/demo/support.yaml',
  'test/fixtures/specs/scrapi/turn_evals.yaml',
  'test/fixtures/specs/scrapi/goldens.yaml',
];
const work = mkdtempSync(path.join(tmpdir(), 'cxas-fuzz-'));
/** Codes seen across runs: the properties must actually reach the loader's checks. */
const seenCodes: string[] = [];
afterAll(() => rmSync(work, { recursive: true, force: true }));

async function loadText(text: string): Promise<void> {
  const file = path.join(work, 'spec.yaml');
  writeFileSync(file, text);
  const { errors } = await loadSpecs([file], { cwd: work, env: {} });
  seenCodes.push(...errors.map((e) => e.code));
  for (const e of errors) {
    expect(e).toBeInstanceOf(SpecError);
    expect(e.loc.file).toBe('spec.yaml');
    expect(e.loc.line).toBeGreaterThanOrEqual(1);
    expect(e.loc.col).toBeGreaterThanOrEqual(1);
    expect(e.message).not.toContain('\n');
    expect(e.code).not.toBe('INTERNAL');
  }
}

type Tree = unknown;
type Path = Array<string | number>;

function allPaths(value: Tree, at: Path = []): Path[] {
  const here = [at];
  if (Array.isArray(value)) return here.concat(...value.map((v, i) => allPaths(v, [...at, i])));
  if (value !== null && typeof value === 'object')
    return here.concat(...Object.entries(value).map(([k, v]) => allPaths(v, [...at, k])));
  return here;
}

type Mutation = { kind: 'drop' | 'rename' | 'replace'; pick: number; name: string; garbage: unknown };

function mutate(tree: Tree, m: Mutation): Tree {
  const paths = allPaths(tree).filter((p) => p.length > 0);
  const target = paths[m.pick % paths.length];
  if (!target) return m.garbage;
  const copy = structuredClone(tree) as Record<string | number, unknown>;
  const parent = target
    .slice(0, -1)
    .reduce<Record<string | number, unknown>>((n, k) => n[k] as Record<string | number, unknown>, copy);
  const key = target.at(-1)!;
  if (m.kind === 'replace') parent[key] = m.garbage;
  else if (Array.isArray(parent)) parent.splice(Number(key), 1);
  else {
    const value = parent[key];
    delete parent[key];
    if (m.kind === 'rename') parent[m.name] = value;
  }
  return copy;
}

const garbage = fc.oneof(
  fc.jsonValue({ maxDepth: 2 }),
  fc.string(),
  fc.constantFrom('${env.NOPE}', '/(/', { $regex: '[' }, { $bogus: 1 }, null, [], {}),
);
const mutation = fc.record({
  kind: fc.constantFrom('drop', 'rename', 'replace'),
  pick: fc.nat(),
  name: fc.oneof(fc.string({ maxLength: 12 }), fc.constantFrom('usr', 'expct', 'not', 'event', 'user', '$any')),
  garbage,
}) as fc.Arbitrary<Mutation>;

describe('loadSpecs on hostile input', () => {
  it('random text', async () => {
    await fc.assert(fc.asyncProperty(fc.string({ maxLength: 200 }), loadText), { numRuns: 200 });
  });

  it('random YAML-ish text built from YAML tokens', async () => {
    const token = fc.constantFrom(
      'conversations:',
      '\n',
      '  ',
      '- ',
      'name: a',
      'turns:',
      '{',
      '}',
      '[',
      ']',
      ': ',
      'user: hi',
      '&a ',
      '*a',
      '<<: ',
      '"',
      "'",
      '#',
      'expect:',
      '- text: x',
      ',',
    );
    await fc.assert(
      fc.asyncProperty(
        fc.array(token, { maxLength: 40 }).map((t) => t.join('')),
        loadText,
      ),
      { numRuns: 200 },
    );
  });

  it('mutated valid fixtures (dropped, renamed, retyped keys, garbage)', async () => {
    const trees = FIXTURES.map((f) => loadYamlValue(readFileSync(path.join(ROOT, f), 'utf8')));
    const property = fc.asyncProperty(
      fc.nat(trees.length - 1),
      fc.array(mutation, { minLength: 1, maxLength: 3 }),
      async (which, ms) => {
        const mutated = ms.reduce((t, m) => mutate(t, m), trees[which]);
        await loadText(stringify(mutated));
      },
    );
    await fc.assert(property, { numRuns: 200 });
    for (const code of ['YAML_SYNTAX', 'UNKNOWN_KEY', 'WRONG_TYPE', 'MISSING_KEY']) expect(seenCodes).toContain(code);
  });
});

function loadYamlValue(text: string): Tree {
  return parse(text, { merge: true });
}
