// The parsed-YAML cache (parse-cache.ts, position-table.ts): a text parsed again comes back from
// the cache with the same value, and every location asked of it (every place of the value, places
// that do not exist, keys and values) is the one the Document gives; what JSON cannot give back,
// what did not parse, and another nesting limit are never served from it. A text that passed a
// loader's checks is remembered under the text, the code that checked it and the limits, and only
// a pass is.
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { withInputLimits } from './limits.js';
import { loadYamlText } from './load-file.js';
import { checkKey, disableYamlCache, enableYamlCache, passedBefore, rememberPassed } from './parse-cache.js';
import { PositionTable } from './position-table.js';
import { locate, parseYaml, writtenText, type YamlDoc } from './yaml.js';

const root = mkdtempSync(path.join(tmpdir(), 'cxas-yaml-cache-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
let dir = '';
let n = 0;
/** The directories handed to the sweep (the CLI's bounds them: src/cli/cache-dir.ts). */
let swept: string[] = [];
const sweep = (d: string): void => void swept.push(d);
beforeEach(() => {
  dir = path.join(root, String(++n));
  mkdirSync(dir);
  swept = [];
  enableYamlCache(() => dir, sweep);
});
afterEach(() => disableYamlCache());

const entries = (): string[] => readdirSync(dir).filter((name) => name.endsWith('.json'));

const demo = (name: string): [string, string] => [
  name,
  readFileSync(fileURLToPath(new URL(`../../specs/demo/${name}`, import.meta.url)), 'utf8'),
];

const CORPUS: Array<[string, string]> = [
  demo('support.yaml'),
  demo('app.yaml'),
  demo('voice.yaml'),
  demo('simulation.yaml'),
  [
    'anchors and merges',
    [
      'base: &base { model: m1, temperature: 0.2, tags: [a, b] }',
      'extra: &extra',
      '  retries: 2',
      'one:',
      '  <<: *base',
      '  temperature: 0.5',
      'both:',
      '  <<: [*extra, *base]',
      '  name: x',
      'alias: *base',
      'scalar: &s hello',
      'again: *s',
    ].join('\n'),
  ],
  [
    'nulls, empty items and odd keys',
    [
      'empty:',
      'tilde: ~',
      'list:',
      '  -',
      '  - - nested',
      '    - [1, 2, {x: y}]',
      '1: number key',
      'true: boolean key',
      '"a.b": quoted',
      "'single': q",
      // (A list or map as a key is refused by parseYaml: validation.test.ts.)
      'after: last',
    ].join('\n'),
  ],
  [
    'block scalars, CRLF, unicode',
    'text: |\r\n  line one\r\n  line two\r\nfolded: >\r\n  a\r\n  b\r\nname: "héllo 👋"\r\nnext: [é, ü]\r\n',
  ],
  ['keys named like Object members', '__proto__: { polluted: 1 }\nconstructor: x\ntoString: [1]\n'],
  [
    'numbers and booleans written otherwise than they read',
    'pin: &p 0042\nprice: 2.50\nhex: 0x1F\nyes: True\nn: 7\nexp: 1e3\nagain: *p\nlist: [007, "0042", +1]\n',
  ],
  ['a scalar root', 'just text'],
  ['an empty document', '# only a comment\n'],
];

/** Every place of a value, and one place beyond each that does not exist. */
function pathsOf(value: unknown, at: Array<string | number> = []): Array<Array<string | number>> {
  const here = [at, [...at, 'missing'], [...at, 7]];
  if (Array.isArray(value)) return [...here, ...value.flatMap((v, i) => pathsOf(v, [...at, i]))];
  if (value !== null && typeof value === 'object')
    return [...here, ...Object.entries(value).flatMap(([k, v]) => pathsOf(v, [...at, k]))];
  return here;
}

describe('parsed YAML cache', () => {
  it.each(CORPUS)('%s: a second parse comes from the cache and locates every place as the Document does', (_, text) => {
    const parsed = parseYaml(text, 'f.yaml');
    expect(parsed.errors).toEqual([]);
    expect(parsed.doc).not.toBeInstanceOf(PositionTable);
    expect(entries()).toHaveLength(1);

    const again = parseYaml(text, 'g.yaml');
    expect(again.doc).toBeInstanceOf(PositionTable);
    expect(again.value).toStrictEqual(parsed.value);
    const where = (doc: YamlDoc, p: Array<string | number>, key: boolean) => locate(doc, p, 'f.yaml', { key });
    const paths = pathsOf(parsed.value);
    expect(paths.length).toBeGreaterThan(2);
    for (const p of paths) {
      for (const key of [false, true])
        expect([p, key, where(again.doc, p, key)]).toEqual([p, key, where(parsed.doc, p, key)]);
      expect([p, writtenText(again.doc, p)]).toEqual([p, writtenText(parsed.doc, p)]);
    }
  });

  it('keeps how a number or boolean is written where it reads otherwise (${each.} values use it)', () => {
    const text = 'pin: &p 0042\nprice: 2.50\nn: 7\nyes: True\nagain: *p\nquoted: "0042"\nlist: [007]\n';
    const written = (doc: YamlDoc) =>
      ['pin', 'price', 'n', 'yes', 'again', 'quoted', ['list', 0], 'missing'].map((p) => writtenText(doc, [p].flat()));
    const expected = ['0042', '2.50', undefined, 'True', '0042', undefined, '007', undefined];
    expect(written(parseYaml(text, 'f.yaml').doc)).toEqual(expected);
    const cached = parseYaml(text, 'f.yaml').doc;
    expect(cached).toBeInstanceOf(PositionTable);
    expect(written(cached)).toEqual(expected);
  });

  it('gives a key named __proto__ back as an own key, as the parser does, and pollutes nothing', () => {
    const text = '__proto__: { polluted: 1 }\na: 1\n';
    parseYaml(text, 'f.yaml');
    const cached = parseYaml(text, 'f.yaml').value as object;
    expect(Object.getOwnPropertyNames(cached)).toEqual(['__proto__', 'a']);
    expect(Object.getPrototypeOf(cached)).toBe(Object.prototype);
    expect(({} as { polluted?: unknown }).polluted).toBeUndefined();
  });

  it('hands each parse a value of its own', () => {
    parseYaml('a: [1]', 'f.yaml');
    const first = parseYaml('a: [1]', 'f.yaml').value as { a: number[] };
    first.a.push(2);
    expect(parseYaml('a: [1]', 'f.yaml').value).toEqual({ a: [1] });
  });

  it('keeps nothing that JSON would not give back, nor a file with errors', () => {
    for (const text of ['x: .inf', 'x: .nan', 'x: -0', 'x: [1, -.inf]', 'a: 1\na: 2', 'a: [', 'x: *nowhere']) {
      parseYaml(text, 'f.yaml');
      expect([text, entries()]).toEqual([text, []]);
      expect(parseYaml(text, 'f.yaml').doc).not.toBeInstanceOf(PositionTable);
    }
  });

  it('keeps apart the parses of another nesting limit', () => {
    const deep = 'a: { b: { c: { d: 1 } } }';
    expect(parseYaml(deep, 'f.yaml').errors).toEqual([]);
    const limited = withInputLimits({ nestingDepth: 2 }, () => parseYaml(deep, 'f.yaml'));
    expect(limited.errors.map((e) => e.code)).toEqual(['TOO_DEEP']);
  });

  it('parses again over an entry it cannot read, and replaces it', () => {
    parseYaml('a: 1', 'f.yaml');
    const [entry] = entries();
    for (const damage of ['{"value"', '{"positions": {"at": null}}', '[]']) {
      writeFileSync(path.join(dir, entry!), damage);
      const parsed = parseYaml('a: 1', 'f.yaml');
      expect(parsed.doc).not.toBeInstanceOf(PositionTable);
      expect(parsed.value).toEqual({ a: 1 });
      expect(parseYaml('a: 1', 'f.yaml').doc).toBeInstanceOf(PositionTable);
    }
  });

  it('is off when its directory cannot be had, and parses as usual', () => {
    enableYamlCache(() => {
      throw new Error('not private');
    }, sweep);
    expect(parseYaml('a: 1', 'f.yaml').value).toEqual({ a: 1 });
    expect(parseYaml('a: 1', 'f.yaml').doc).not.toBeInstanceOf(PositionTable);
    expect(entries()).toEqual([]);
  });

  it('is off unless turned on', () => {
    disableYamlCache();
    parseYaml('a: 1', 'f.yaml');
    expect(parseYaml('a: 1', 'f.yaml').doc).not.toBeInstanceOf(PositionTable);
    expect(entries()).toEqual([]);
  });

  it('writes at most 64 entries per process (creating files is slow): the next process writes on', () => {
    for (let i = 0; i < 70; i++) parseYaml(`a: ${i}`, 'f.yaml');
    expect(entries()).toHaveLength(64);
    expect(parseYaml('a: 69', 'f.yaml').doc).not.toBeInstanceOf(PositionTable);
    expect(parseYaml('a: 63', 'f.yaml').doc).toBeInstanceOf(PositionTable);
    enableYamlCache(() => dir, sweep); // another process
    parseYaml('a: 69', 'f.yaml');
    expect(entries()).toHaveLength(65);
  });

  it('hands its directory to the sweep once per process, after the first write, and only then', () => {
    expect(parseYaml('a: 1', 'f.yaml').value).toEqual({ a: 1 }); // the first write
    parseYaml('b: 2', 'f.yaml');
    rememberPassed(checkKey('spec', [], 'c: 3'));
    expect(swept).toEqual([dir]);

    enableYamlCache(() => dir, sweep); // another process that only reads
    parseYaml('a: 1', 'f.yaml');
    expect(swept).toEqual([dir]);

    enableYamlCache(
      () => dir,
      () => {
        throw new Error('EACCES');
      },
    );
    expect(parseYaml('d: 4', 'f.yaml').value).toEqual({ d: 4 }); // a failing sweep costs nothing else
    expect(entries()).toHaveLength(3);
  });
});

describe('texts that passed their checks', () => {
  const passes = (): string[] => readdirSync(dir).filter((name) => name.endsWith('.passed'));
  const codeFile = (): string => {
    const file = path.join(dir, 'checker.js');
    writeFileSync(file, 'check()');
    return file;
  };

  it('remembers a pass under the text, the kind, the code that checked it and the limits', () => {
    const code = codeFile();
    const key = checkKey('spec', [code], 'a: 1');
    expect(key).toMatch(/^[0-9a-f]{40}$/);
    expect(passedBefore(key)).toBe(false);
    rememberPassed(key);
    expect(passedBefore(key)).toBe(true);
    expect(passes()).toEqual([`${key}.passed`]);
    const others = [
      checkKey('spec', [code], 'a: 2'),
      checkKey('app', [code], 'a: 1'),
      checkKey('spec', [], 'a: 1'),
      withInputLimits({ specFileBytes: 1000 }, () => checkKey('spec', [code], 'a: 1')),
    ];
    expect(new Set([key, ...others]).size).toBe(5);
    for (const other of others) expect(passedBefore(other)).toBe(false);
  });

  it('forgets the pass when a code file changes: its size or modification time names it', () => {
    const code = codeFile();
    const key = checkKey('spec', [code], 'a: 1');
    rememberPassed(key);
    writeFileSync(code, 'check(differently)');
    enableYamlCache(() => dir, sweep); // the next process reads the file's identity again
    expect(checkKey('spec', [code], 'a: 1')).not.toBe(key);
    const older = new Date(Date.now() - 60_000);
    utimesSync(code, older, older);
    const touched = checkKey('spec', [code], 'a: 1');
    enableYamlCache(() => dir, sweep);
    expect(checkKey('spec', [code], 'a: 1')).not.toBe(touched);
  });

  it('names nothing when the cache is off or a code file cannot be read', () => {
    expect(checkKey('spec', [path.join(dir, 'missing.js')], 'a: 1')).toBeUndefined();
    disableYamlCache();
    expect(checkKey('spec', [], 'a: 1')).toBeUndefined();
    expect(passedBefore(undefined)).toBe(false);
    rememberPassed(undefined);
    expect(readdirSync(dir)).toEqual([]);
  });

  it('counts its files in the 64 a process may write', () => {
    for (let i = 0; i < 70; i++) rememberPassed(checkKey('spec', [], `a: ${i}`));
    expect(passes()).toHaveLength(64);
  });

  it('loadYamlText validates a text that passed before no more, and one with errors every time', () => {
    const schemaFile = path.join(dir, 'object.schema.json');
    const object = { $id: 'urn:test:object', type: 'object' };
    writeFileSync(schemaFile, JSON.stringify(object));
    expect(loadYamlText('a: 1', 'f.yaml', object, schemaFile).errors).toEqual([]);
    expect(loadYamlText('[1]', 'f.yaml', object, schemaFile).errors).toHaveLength(1);
    expect(passes()).toHaveLength(1);
    // Another schema under the same file: the pass is the file's, so the text is not validated again.
    const strings = { $id: 'urn:test:string', type: 'string' };
    expect(loadYamlText('a: 1', 'f.yaml', strings, schemaFile).errors).toEqual([]);
    expect(loadYamlText('[1]', 'f.yaml', object, schemaFile).errors).toHaveLength(1);
    // Without a schema file nothing is remembered or skipped.
    expect(loadYamlText('a: 1', 'f.yaml', strings).errors).toHaveLength(1);
    expect(passes()).toHaveLength(1);
  });
});
