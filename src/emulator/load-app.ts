// Loads and validates an emulator app: YAML (positions kept) → JSON Schema
// (schemas/emulator-app.schema.json) → cross-references. Every problem is reported as
// `file:line:col path: message`.
// src/validation/ (the shared YAML + schema layer) did not exist when this was written, so this
// file does the same job locally with `yaml` and ajv; switch to it once it lands.
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Document, type Node } from 'yaml';
import type { ErrorObject, ValidateFunction } from 'ajv';
import type { AppDefinition } from './app.js';
import { checkAppReferences, type AppProblem } from './check-app.js';
import { withTranscriptsFile } from './transcripts.js';

const require = createRequire(import.meta.url);
const Ajv2020 = require('ajv/dist/2020.js') as typeof import('ajv/dist/2020.js').default;

/** src/emulator and dist/emulator both sit two levels below the package root. */
export const APP_SCHEMA_PATH = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../schemas/emulator-app.schema.json');

export class AppDefinitionError extends Error {
  readonly code = 'EMULATOR_APP_INVALID';
  /** One `file:line:col path: message` line per problem (the message shows the first). */
  constructor(readonly problems: string[]) {
    super(problems.length > 1 ? `${problems[0]} (and ${problems.length - 1} more)` : problems[0] ?? 'invalid emulator app');
    this.name = 'AppDefinitionError';
  }
}

let validator: ValidateFunction | undefined;
async function appValidator(): Promise<ValidateFunction> {
  if (!validator) {
    const schema = JSON.parse(await readFile(APP_SCHEMA_PATH, 'utf8')) as object;
    validator = new Ajv2020({ allErrors: true, verbose: true, strict: true, strictRequired: false, allowUnionTypes: true }).compile(schema);
  }
  return validator;
}

/** file:line:col of the value at a path (or of its key, for an unknown key). */
type Locate = (p: AppProblem['path'], atKey?: boolean) => string;

/** Schema + cross-reference problems of an app object, each located by `locate`. */
export async function appProblems(value: unknown, locate: Locate): Promise<string[]> {
  const validate = await appValidator();
  if (!validate(value)) return mergeAlternatives(dedupe(validate.errors ?? [])).map((e) => describeSchemaError(e, locate));
  return checkAppReferences(value as AppDefinition).map((p) => `${locate(p.path)} ${jsonPath(p.path)}: ${p.message}`);
}

/** Validates an in-memory app (no file positions); a transcriptsFile is relative to `baseDir` (default: cwd). */
export async function validateAppObject(value: unknown, baseDir = process.cwd()): Promise<AppDefinition> {
  const problems = await appProblems(value, () => '<app>');
  if (problems.length) throw new AppDefinitionError(problems);
  const loaded = await withTranscriptsFile(value as AppDefinition, baseDir);
  if (loaded.problems.length) throw new AppDefinitionError(loaded.problems.map((p) => `<app> ${p}`));
  return loaded.app;
}

export async function loadAppDefinition(file: string): Promise<AppDefinition> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    throw new AppDefinitionError([`${file}:1:1 cannot read the emulator app: ${(err as Error).message}`]);
  }
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false });
  if (doc.errors.length) {
    throw new AppDefinitionError(doc.errors.map((e) => {
      const pos = lineCounter.linePos(e.pos[0]);
      return `${file}:${pos.line}:${pos.col} ${e.message.split('\n')[0]}`;
    }));
  }
  const value = doc.toJS() as unknown;
  const locate: Locate = (p, atKey) => locateIn(doc, lineCounter, file, p, atKey);
  const problems = await appProblems(value, locate);
  if (problems.length) throw new AppDefinitionError(problems);
  const loaded = await withTranscriptsFile(value as AppDefinition, path.dirname(path.resolve(file)));
  if (loaded.problems.length) throw new AppDefinitionError(loaded.problems.map((p) => `${locate(['transcriptsFile'])} ${p}`));
  return loaded.app;
}

function locateIn(doc: Document, lines: LineCounter, file: string, p: AppProblem['path'], atKey = false): string {
  let node: unknown = doc.contents;
  let keyNode: unknown;
  for (const key of p) {
    if (isMap(node)) keyNode = node.items.find((pair) => isScalar(pair.key) && pair.key.value === key)?.key;
    const child: unknown = isMap(node) || isSeq(node) ? node.get(key, true) : undefined;
    if (child === undefined) break;
    node = child;
  }
  const target = atKey && keyNode ? keyNode : node;
  const offset = (target as Node | null)?.range?.[0] ?? 0;
  const pos = lines.linePos(offset);
  return `${file}:${pos.line}:${pos.col}`;
}

const jsonPath = (p: AppProblem['path']): string => p.length ? p.map(String).join('.') : '(root)';

function pathOf(error: ErrorObject): AppProblem['path'] {
  return error.instancePath.split('/').slice(1).map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~')).map((s) => (/^\d+$/.test(s) ? Number(s) : s));
}

/**
 * oneOf/anyOf report every failing branch. Errors outside any branch are the user's real
 * mistake (an unknown key, a bad value) when there are some; otherwise the branch errors stand.
 */
function dedupe(errors: ErrorObject[]): ErrorObject[] {
  const composite = (e: ErrorObject) => ['oneOf', 'anyOf', 'not', 'if'].includes(e.keyword);
  const inBranch = (e: ErrorObject) => /\/(oneOf|anyOf|not)\//.test(e.schemaPath);
  const direct = errors.filter((e) => !composite(e) && !inBranch(e));
  const specific = errors.filter((e) => !composite(e));
  const chosen = direct.length ? direct : specific.length ? specific : errors;
  const seen = new Set<string>();
  return chosen.filter((e) => {
    const key = `${e.instancePath}|${e.keyword}|${JSON.stringify(e.params)}`;
    return seen.has(key) ? false : (seen.add(key), true);
  }).slice(0, 20);
}

/** anyOf/oneOf `required` branches at one place become one "needs one of" error. */
function mergeAlternatives(errors: ErrorObject[]): ErrorObject[] {
  const out: ErrorObject[] = [];
  const byPath = new Map<string, ErrorObject>();
  for (const e of errors) {
    if (e.keyword !== 'required' || !/\/(anyOf|oneOf)\//.test(e.schemaPath)) {
      out.push(e);
      continue;
    }
    const missing = String((e.params as { missingProperty?: string }).missingProperty);
    const seen = byPath.get(e.instancePath);
    if (seen) (seen.params as { alternatives: string[] }).alternatives.push(missing);
    else {
      const merged = { ...e, keyword: 'requiredOneOf', params: { alternatives: [missing] } };
      byPath.set(e.instancePath, merged);
      out.push(merged);
    }
  }
  return out;
}

function describeSchemaError(e: ErrorObject, locate: Locate): string {
  const p = pathOf(e);
  const params = e.params as Record<string, unknown>;
  let message = e.message ?? e.keyword;
  let atKey = false;
  if (e.keyword === 'additionalProperties') {
    const extra = String(params['additionalProperty']);
    p.push(extra);
    atKey = true;
    const allowed = Object.keys((e.parentSchema as { properties?: object } | undefined)?.properties ?? {});
    const hint = closest(extra, allowed);
    message = `unknown key "${extra}"${hint ? ` (did you mean "${hint}"?)` : allowed.length ? ` (allowed: ${allowed.join(', ')})` : ''}`;
  } else if (e.keyword === 'required') {
    message = `missing required key "${String(params['missingProperty'])}"`;
  } else if (e.keyword === 'requiredOneOf') {
    const names = (params['alternatives'] as string[]).map((a) => `"${a}"`);
    message = names.length > 1 ? `needs one of ${names.join(', ')}` : `missing required key ${names[0]}`;
  } else if (e.keyword === 'const' || e.keyword === 'enum') {
    message = `${message}: ${JSON.stringify(params['allowedValue'] ?? params['allowedValues'])}`;
  }
  return `${locate(p, atKey)} ${jsonPath(p)}: ${message}`;
}

function closest(word: string, candidates: string[]): string | undefined {
  let best: { name: string; d: number } | undefined;
  for (const c of candidates) {
    const d = editDistance(word.toLowerCase(), c.toLowerCase());
    if (d <= Math.max(2, Math.floor(c.length / 3)) && (!best || d < best.d)) best = { name: c, d };
  }
  return best?.name;
}

function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) row[j] = Math.min(prev[j]! + 1, row[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    prev = row;
  }
  return prev[b.length]!;
}
