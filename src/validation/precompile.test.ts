// Build-time validators (precompile.ts) must agree with run-time ajv on every document, and
// compileSchema must give the same messages through them; a stale one must not be used.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { parse, stringify } from 'yaml';
import { generatePrecompiled, precompileSchemas } from './precompile.js';
import { PRECOMPILED_FILES, schemaFingerprint } from './precompiled.js';
import { skipWithout } from '../../test/helpers/system-tools.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
const require = createRequire(import.meta.url);
type Name = 'spec' | 'config' | 'emulator-app' | 'report';
const readSchema = (name: Name): object =>
  JSON.parse(readFileSync(path.join(ROOT, 'schemas', `${name}.schema.json`), 'utf8')) as object;

// Generated code requires ajv's runtime helpers by package name, so it must sit under the project's
// node_modules/ to resolve them (an OS temp dir would not).
const CACHE = path.join(ROOT, 'node_modules/.cache');
let tmp = '';
const dirOf = (name: string): string => path.join(tmp, name);
beforeAll(async () => {
  mkdirSync(CACHE, { recursive: true });
  tmp = mkdtempSync(path.join(CACHE, 'precompile-test-'));
  await precompileSchemas(path.join(ROOT, 'schemas'), dirOf('built'));
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** A fresh copy of src/validation (empty caches, no ajv yet) reading generated code from `dir`. */
async function freshValidation(dir: string | undefined) {
  vi.resetModules();
  const schema = await import('./schema.js');
  schema.setPrecompiledDir(dir === undefined ? undefined : pathToFileURL(`${dir}/`));
  return { ...(await import('./index.js')), ...schema };
}
type Validation = Awaited<ReturnType<typeof freshValidation>>;

function messages(v: Validation, schema: object, text: string): string[] {
  const parsed = v.parseYaml(text, 'doc.yaml');
  expect(parsed.errors).toEqual([]);
  return v.validateDocument(v.compileSchema(schema), parsed, 'doc.yaml').map((e) => e.message);
}

// ---- corpus: real documents, hand-made mistakes, and systematic mutations of the real ones ----

interface Doc {
  label: string;
  schema: Name;
  value: unknown;
}
const yamlFile = (rel: string): unknown =>
  parse(readFileSync(path.join(ROOT, rel), 'utf8'), { merge: true }) as unknown;
const CONFIG = {
  app: 'projects/p/locations/l/apps/a',
  apiVersion: 'v1',
  concurrency: 4,
  reporters: ['list', 'junit'],
  golden: { text: 'similar', threshold: 0.9 },
  audio: { synthesizer: 'espeak', pacing: 'fast' },
  redact: ['secret'],
};
const VALID: Doc[] = [
  { label: 'specs/demo/support.yaml', schema: 'spec', value: yamlFile('specs/demo/support.yaml') },
  { label: 'specs/demo/voice.yaml', schema: 'spec', value: yamlFile('specs/demo/voice.yaml') },
  { label: 'native/full.yaml', schema: 'spec', value: yamlFile('test/fixtures/specs/native/full.yaml') },
  { label: 'native/shared/auth.yaml', schema: 'spec', value: yamlFile('test/fixtures/specs/native/shared/auth.yaml') },
  {
    label: 'each and steps',
    schema: 'spec',
    value: {
      steps: { login: [{ event: 'WELCOME' }, { dtmf: '${with.pin}' }] },
      conversations: [
        {
          name: 'a',
          each: [{ pin: '1234#', n: 2, ok: true }],
          turns: [{ use: 'login', with: { pin: '${each.pin}' } }],
        },
        { name: 'b', each: 'rows.csv', turns: [{ user: '${each.x}' }] },
      ],
    },
  },
  { label: 'specs/demo/app.yaml', schema: 'emulator-app', value: yamlFile('specs/demo/app.yaml') },
  { label: 'config', schema: 'config', value: CONFIG },
  { label: 'shard-1/results.json', schema: 'report', value: yamlFile('test/fixtures/reports/shard-1/results.json') },
];

const turns = (extra: Record<string, unknown>[]) => ({ conversations: [{ name: 'c', turns: extra }] });
const BROKEN: Doc[] = [
  { label: 'unknown key', schema: 'spec', value: turns([{ usr: 'hi' }]) },
  { label: 'each of a wrong type', schema: 'spec', value: { conversations: [{ name: 'a', each: 5, turns: [] }] } },
  { label: 'step of a wrong type', schema: 'spec', value: { steps: { s: { user: 'x' } }, conversations: [] } },
  { label: 'unknown root key', schema: 'config', value: { ...CONFIG, concurency: 2 } },
  { label: 'wrong type', schema: 'spec', value: { conversations: { name: 'c' } } },
  { label: 'wrong type deep', schema: 'config', value: { ...CONFIG, golden: { threshold: 'high' } } },
  {
    label: 'two of exactlyOneOf (audio file and say)',
    schema: 'spec',
    value: turns([{ audio: { file: 'a.wav', say: 'hi' } }]),
  },
  { label: 'none of exactlyOneOf (audio)', schema: 'spec', value: turns([{ audio: {} }]) },
  {
    label: 'two of exactlyOneOf (tool fake)',
    schema: 'spec',
    value: {
      conversations: [{ name: 'c', toolFakes: [{ tool: 't', respond: {}, error: 'x' }], turns: [{ user: 'hi' }] }],
    },
  },
  {
    label: 'two matchers in one expectation',
    schema: 'spec',
    value: turns([{ user: 'hi', expect: [{ text: 'a', transfer: 'b' }] }]),
  },
  {
    label: 'two keys of a text matcher',
    schema: 'spec',
    value: turns([{ user: 'hi', expect: [{ text: { equals: 'a', contains: 'b' } }] }]),
  },
  { label: 'bad enum', schema: 'config', value: { ...CONFIG, reporters: ['xml'] } },
  {
    label: 'bad enum in a spec',
    schema: 'spec',
    value: turns([{ user: 'hi', expect: [{ toolSequence: { mode: 'sometimes', tools: ['t'] } }] }]),
  },
  { label: 'below minimum', schema: 'config', value: { ...CONFIG, concurrency: 0 } },
];

/** Every node changed one way at a time: unknown key, deleted key, wrong type, empty value. */
function mutations(doc: Doc): Doc[] {
  const out: Doc[] = [];
  const at = (
    p: Array<string | number>,
    change: (parent: Record<string | number, unknown>, key: string | number) => void,
    what: string,
  ) => {
    const copy = structuredClone(doc.value) as Record<string | number, unknown>;
    let parent = copy;
    for (const k of p.slice(0, -1)) parent = parent[k] as Record<string | number, unknown>;
    change(parent, p.at(-1)!);
    out.push({ label: `${doc.label} ${what} at /${p.join('/')}`, schema: doc.schema, value: copy });
  };
  const walk = (node: unknown, p: Array<string | number>): void => {
    if (Array.isArray(node)) {
      if (p.length) at(p, (o, k) => (o[k] = []), 'emptied');
      if (p.length) at(p, (o, k) => (o[k] = {}), 'list→map');
      node.forEach((child, i) => walk(child, [...p, i]));
    } else if (node !== null && typeof node === 'object') {
      at([...p, 'zzUnknown'], (o, k) => (o[k] = 1), 'added');
      for (const key of Object.keys(node)) at([...p, key], (o, k) => delete o[k], 'deleted');
      if (p.length) at(p, (o, k) => (o[k] = 'text'), 'map→string');
      for (const [key, child] of Object.entries(node)) walk(child, [...p, key]);
    } else if (p.length) {
      at(p, (o, k) => (o[k] = typeof node === 'string' ? 42 : 'x'), 'retyped');
      at(p, (o, k) => (o[k] = typeof node === 'string' ? '' : typeof node === 'number' ? -1 : null), 'emptied');
    }
  };
  walk(doc.value, []);
  return out;
}

// The report fixture is large: every 7th of its mutations is plenty.
const CORPUS: Doc[] = [
  ...VALID,
  ...BROKEN,
  ...VALID.flatMap((d) => mutations(d).filter((_, i) => d.schema !== 'report' || i % 7 === 0)),
];

describe('precompiled validators', () => {
  let runtime: Validation;
  let fast: Validation;
  beforeAll(async () => {
    runtime = await freshValidation(undefined);
    fast = await freshValidation(dirOf('built'));
  });

  it('are generated for every schema in PRECOMPILED_FILES, fingerprinted with the schema they check', () => {
    expect(readdirSync(dirOf('built')).sort()).toEqual(Object.values(PRECOMPILED_FILES).sort());
    for (const name of ['spec', 'config', 'emulator-app', 'report'] as const) {
      expect((require(path.join(dirOf('built'), `${name}.cjs`)) as { fingerprint: string }).fingerprint).toBe(
        schemaFingerprint(readSchema(name)),
      );
    }
  });

  it('accept the real documents and reject the hand-made mistakes, like run-time ajv', () => {
    for (const d of [...VALID, ...BROKEN]) {
      const generated = require(path.join(dirOf('built'), `${d.schema}.cjs`)) as (data: unknown) => boolean;
      expect([d.label, generated(d.value)]).toEqual([d.label, VALID.includes(d)]);
      expect([d.label, runtime.compileSchema(readSchema(d.schema))(d.value)]).toEqual([d.label, VALID.includes(d)]);
    }
  });

  it('say valid/invalid exactly when run-time ajv does, over the whole corpus', () => {
    const verdicts = { valid: 0, invalid: 0 };
    for (const d of CORPUS) {
      const generated = require(path.join(dirOf('built'), `${d.schema}.cjs`)) as (data: unknown) => boolean;
      const expected = runtime.compileSchema(readSchema(d.schema))(d.value);
      expect([d.label, generated(d.value)]).toEqual([d.label, expected]);
      verdicts[expected ? 'valid' : 'invalid']++;
    }
    // Both answers are well represented, or the comparison proves little.
    expect(verdicts.valid).toBeGreaterThan(100);
    expect(verdicts.invalid).toBeGreaterThan(1000);
  });

  it('leave the messages of compileSchema + validateDocument unchanged', () => {
    // Every hand-made mistake and every 4th invalid mutation (all of them take ~15 s for nothing new).
    const invalid = CORPUS.filter((d) => !runtime.compileSchema(readSchema(d.schema))(d.value));
    const sample = [...VALID, ...BROKEN, ...invalid.filter((d, i) => !BROKEN.includes(d) && i % 4 === 0)];
    expect(sample.length).toBeGreaterThan(300);
    for (const d of sample) {
      const text = stringify(d.value);
      const schema = readSchema(d.schema);
      const expected = messages(runtime, schema, text);
      expect([d.label, expected.length > 0]).toEqual([d.label, !VALID.includes(d)]);
      expect([d.label, messages(fast, schema, text)]).toEqual([d.label, expected]);
    }
  });

  it('report valid with errors null, and invalid with the run-time errors', () => {
    const v = fast.compileSchema(readSchema('spec'));
    expect(v(VALID[0]!.value)).toBe(true);
    expect(v.errors).toBeNull();
    expect(v(BROKEN[0]!.value)).toBe(false);
    const r = runtime.compileSchema(readSchema('spec'));
    r(BROKEN[0]!.value);
    expect(v.errors?.map((e) => e.message)).toEqual(r.errors?.map((e) => e.message));
    expect(fast.schemaId(v)).toBe('https://cxas-eval.dev/schemas/spec.schema.json');
  });
});

describe('generated code', () => {
  it('is ASCII, with non-ASCII text in patterns, constants and enums still meaning itself', () => {
    const schema = {
      $id: 'https://example.test/non-ascii.json',
      description: 'Similarity 2·LCS → κ',
      type: 'object',
      properties: {
        word: { type: 'string', pattern: '^[é€]+ 😀$' },
        mark: { const: '→' },
        level: { enum: ['µ-law', 'A-law'] },
      },
    };
    const code = generatePrecompiled(schema);
    expect(code).toMatch(/^\p{ASCII}*$/u);
    const file = path.join(tmp, 'non-ascii.cjs');
    writeFileSync(file, code);
    const check = require(file) as (data: unknown) => boolean;
    expect(check({ word: 'é€é 😀', mark: '→', level: 'µ-law' })).toBe(true);
    for (const wrong of [{ word: 'e 😀' }, { word: 'é 🙂' }, { mark: '->' }, { level: 'u-law' }])
      expect([wrong, check(wrong)]).toEqual([wrong, false]);
  });
});

describe('a precompiled module', () => {
  const SPEC_ID = 'https://cxas-eval.dev/schemas/spec.schema.json';
  // Code that accepts anything: if compileSchema used it, broken documents would pass.
  const acceptAll = (fingerprint: string) => generatePrecompiled({ $id: SPEC_ID }, fingerprint);
  const write = (dir: string, code: string) => (
    mkdirSync(dirOf(dir), { recursive: true }),
    writeFileSync(path.join(dirOf(dir), 'spec.cjs'), code)
  );
  const broken = stringify(BROKEN[0]!.value);

  it('is used when its fingerprint matches the schema', async () => {
    write('forged', acceptAll(schemaFingerprint(readSchema('spec'))));
    expect(messages(await freshValidation(dirOf('forged')), readSchema('spec'), broken)).toEqual([]);
  });

  it('is ignored when its fingerprint differs (stale build): the schema compiles at run time', async () => {
    write('stale', acceptAll(schemaFingerprint({ $id: SPEC_ID })));
    const expected = messages(await freshValidation(undefined), readSchema('spec'), broken);
    expect(expected).toEqual(['doc.yaml:4:9 conversations[0].turns[0]: unknown key "usr" (did you mean "user"?)']);
    expect(messages(await freshValidation(dirOf('stale')), readSchema('spec'), broken)).toEqual(expected);
  });

  it('is ignored when missing', async () => {
    expect(messages(await freshValidation(dirOf('nothing-here')), readSchema('spec'), broken)).toHaveLength(1);
  });
});

describe('the run-time path', () => {
  // Needs `npm run build` (pretest does it) from the current schemas; vitest itself runs src/.
  const built = path.join(ROOT, 'dist/validation/precompiled/spec.cjs');
  const fresh =
    existsSync(built) &&
    (require(built) as { fingerprint: string }).fingerprint === schemaFingerprint(readSchema('spec'));
  // Skipped locally before a build; under CI=true (where pretest builds) a missing build fails.
  const skip = skipWithout(fresh, `a build of the current schemas (${built}: run npm run build)`);
  it.skipIf(skip)('checks a valid spec without loading the ajv compiler (dist/)', () => {
    const script = `
      import { readFileSync } from 'node:fs';
      import { createRequire } from 'node:module';
      const v = await import(${JSON.stringify(pathToFileURL(path.join(ROOT, 'dist/validation/index.js')).href)});
      const schema = JSON.parse(readFileSync(${JSON.stringify(path.join(ROOT, 'schemas/spec.schema.json'))}, 'utf8'));
      const check = (text) => v.validateDocument(v.compileSchema(schema), v.parseYaml(text, 'a.yaml'), 'a.yaml').length;
      const loaded = () =>
        Object.keys(createRequire(import.meta.url).cache).some((k) => k.endsWith('/ajv/dist/core.js'));
      const valid = check(readFileSync(${JSON.stringify(path.join(ROOT, 'specs/demo/support.yaml'))}, 'utf8'));
      const before = loaded();
      const invalid = check('conversations: {}');
      console.log(JSON.stringify({ valid, before, invalid, after: loaded() }));`;
    const out = execFileSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' });
    // `after` shows the probe works: an invalid document does load it.
    expect(JSON.parse(out)).toEqual({ valid: 0, before: false, invalid: 1, after: true });
  });

  it('never imports the generator (it would load the ajv compiler)', () => {
    const sources = readdirSync(path.join(ROOT, 'src'), { recursive: true, encoding: 'utf8' }).filter(
      (f) => f.endsWith('.ts') && !f.endsWith('.test.ts') && !f.endsWith('precompile.ts'),
    );
    const importers = sources.filter((f) =>
      /from '[^']*\/precompile\.js'/.test(readFileSync(path.join(ROOT, 'src', f), 'utf8')),
    );
    expect(importers).toEqual([]);
  });
});
