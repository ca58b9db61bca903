#!/usr/bin/env node
// `npm run gen:types`: TypeScript types of validated documents (native specs, the cxas-scrapi
// formats, the config), derived from their JSON Schemas in schemas/ (the source of truth), so the
// loaders build the model without casts. The output is committed; test/loader/generated-types.test.ts fails when
// it is stale.
//
// Before compiling, the schema is adjusted in memory only: free-form objects become JsonObject and
// unconstrained values JsonValue (json-schema-to-typescript would say `{}` and `unknown`), and
// interfaces become type aliases, which TypeScript lets flow into JsonObject/JsonValue; a `$ref`
// with a description names its type instead of restating it; a target's `adjust` says what the
// types share (see adjustSpec). Declarations are sorted by name.
import { readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { fileURLToPath } from 'node:url';
import { compile } from 'json-schema-to-typescript';
import * as prettier from 'prettier';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

/** What is generated from what. */
export const TARGETS = [
  {
    schema: 'schemas/spec.schema.json',
    out: 'src/runner/load/spec-document.generated.ts',
    name: 'SpecDocument',
    imports: "import type { ToolTestOperator } from '../../model/spec.js';",
    adjust: adjustSpec,
    // Expectations and their matchers' options are a third of the types: a file of their own in
    // src/model, where the typed Expectation (src/model/spec.ts) and the matchers read them; the
    // document's file re-exports them so that its importers need not know.
    split: {
      out: 'src/model/spec-expectations.generated.ts',
      names: /^(Count|Expectation|NegatedExpectation|\w+Matcher|\w+Options)$/,
    },
  },
  ...[
    ['turn-eval', 'TurnEvalDocument'],
    ['golden', 'GoldenDocument'],
    ['golden-export', 'GoldenExportDocument', adjustExport],
    ['simulation', 'SimulationDocument'],
    ['tool-test', 'ToolTestDocument'],
  ].map(([format, name, adjust]) => ({
    schema: `schemas/scrapi-${format}.schema.json`,
    out: `src/runner/scrapi/${format}-document.generated.ts`,
    name,
    adjust,
  })),
  // The config is read by the runner, the judge and the library: its types live in src/model.
  {
    schema: 'schemas/config.schema.json',
    out: 'src/model/config.generated.ts',
    name: 'CxasConfig',
    adjust: adjustConfig,
  },
];

/**
 * The config's sections that code names get a type name of their own; the judge's retries, budget
 * and pricing are one type each, shared by `simulation:` (which must write them exactly alike).
 */
function adjustConfig(s) {
  const { judge, simulation } = s.properties;
  const shared = { retries: 'RetryConfig', budget: 'BudgetConfig', pricing: 'PricingConfig' };
  const $defs = { ...s.$defs };
  const judgeProperties = {
    ...judge.properties,
    cache: titled(judge.properties.cache, 'CacheConfig'),
    calibration: titled(judge.properties.calibration, 'CalibrationConfig'),
  };
  const simulationProperties = { ...simulation.properties };
  for (const [key, title] of Object.entries(shared)) {
    if (!isDeepStrictEqual(judge.properties[key], simulation.properties[key]))
      throw new Error(`gen-types: simulation.${key} differs from judge.${key}`);
    $defs[title] = titled(judge.properties[key], title);
    judgeProperties[key] = simulationProperties[key] = { $ref: `#/$defs/${title}` };
  }
  const properties = {
    ...s.properties,
    judge: { ...titled(judge, 'JudgeConfig'), properties: judgeProperties },
    simulation: { ...titled(simulation, 'SimulationConfig'), properties: simulationProperties },
  };
  return { ...s, properties, $defs };
}

const titled = (schema, title) => ({ ...schema, title });

/** A tool call and a tool response name their tool the same ways: `ToolRef`. */
function adjustExport(s) {
  const { toolCall, toolResponse } = s.$defs;
  const shared = ['id', 'tool', 'toolsetTool', 'displayName'];
  const toolRef = {
    type: 'object',
    additionalProperties: false,
    properties: Object.fromEntries(shared.map((k) => [k, toolCall.properties[k]])),
  };
  const $defs = {
    ...s.$defs,
    toolRef,
    toolCall: extending(toolCall, 'toolRef', toolRef),
    toolResponse: extending(toolResponse, 'toolRef', toolRef),
  };
  return { ...s, $defs };
}

/**
 * The spec schema as types should read it. `x-` keys (YAML anchors) are ignored by the loader:
 * typing them would only repeat every property's type in an index signature. The validating schema
 * writes each object out in full (its `additionalProperties: false` lists are the "did you mean"
 * candidates); the types say what is shared: a conversation is `Defaults` plus its own keys, an
 * expectation is a `NegatedExpectation` plus `not`. Tool-check operators are the model's type.
 */
function adjustSpec(s) {
  const defaults = { ...s.properties.defaults, title: 'Defaults' };
  const defs = {
    ...s.$defs,
    defaults,
    conversation: extending(s.$defs.conversation, 'defaults', defaults),
    expectation: extending(s.$defs.expectation, 'negatedExpectation', s.$defs.negatedExpectation),
    toolCheck: withProperty(s.$defs.toolCheck, 'operator', { tsType: 'ToolTestOperator' }),
    payloadMatcher: longForm(s.$defs.payloadMatcher, 'payloadOptions'),
    payloadOptions: { ...s.$defs.payloadMatcher.then, title: 'PayloadOptions', required: ['value'] },
    variablesMatcher: longForm(s.$defs.variablesMatcher, 'variablesOptions'),
    variablesOptions: { ...s.$defs.variablesMatcher.then, title: 'VariablesOptions' },
  };
  const properties = { ...s.properties, defaults: { $ref: '#/$defs/defaults' } };
  return { ...s, patternProperties: undefined, properties, $defs: defs };
}

/**
 * `child` as `base & {its other keys}`. Every key of `base` must stand in `child` exactly as in
 * `base`: the types must not claim a sharing the schema does not have.
 */
function extending(child, baseName, base) {
  const own = { ...child.properties };
  for (const [key, schema] of Object.entries(base.properties)) {
    if (!isDeepStrictEqual(own[key], schema)) {
      throw new Error(`gen-types: a property ${key} differs from ${baseName}.${key}`);
    }
    delete own[key];
  }
  const rest = { type: 'object', additionalProperties: false, properties: own, required: child.required };
  return { title: child.title, description: child.description, allOf: [{ $ref: `#/$defs/${baseName}` }, rest] };
}

/**
 * A matcher that is either its options object or, written bare, the expected object itself (payload,
 * variables: the schema tells them apart with if/then): the options' type, or any object.
 */
function longForm(schema, optionsName) {
  const { description, examples } = schema;
  const bare = { type: 'object', tsType: 'JsonObject' };
  return { description, examples, anyOf: [{ $ref: `#/$defs/${optionsName}` }, bare] };
}

function withProperty(schema, key, replacement) {
  const { description } = schema.properties[key];
  return { ...schema, properties: { ...schema.properties, [key]: { ...replacement, description } } };
}

/** The banner, and imports of the JSON types (and of the other file's types) the declarations use. */
function header(target, out, declarations, imports = []) {
  const json = ['JsonObject', 'JsonValue'].filter((t) => usesName(declarations, t));
  return [
    `// Generated by scripts/gen-types.mjs from ${target.schema}: do not edit, run npm run gen:types.`,
    ...(json.length ? [`import type { ${json.join(', ')} } from '${relativeImport(out, 'src/model/json.ts')}';`] : []),
    ...imports,
  ].join('\n');
}

/** `name` is used by the code of `text` (its comments do not count). */
const usesName = (text, name) =>
  new RegExp(`\\b${name}\\b`).test(text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/\/\/.*$/gm, ''));

const isObject = (v) => v !== null && typeof v === 'object' && !Array.isArray(v);
const SHAPING_KEYS = [
  'type',
  '$ref',
  'properties',
  'patternProperties',
  'items',
  'prefixItems',
  'enum',
  'const',
  'anyOf',
  'oneOf',
  'allOf',
  'not',
  'if',
];

/** Keys whose value is a map of names to schemas (the map itself is not a schema). */
const SCHEMA_MAPS = ['properties', 'patternProperties', '$defs', 'definitions', 'dependentSchemas'];

/** Keys whose value is data (examples, defaults), not a schema. */
const DATA_KEYS = ['examples', 'default', 'enum', 'const'];

/** The schema with types named where json-schema-to-typescript would be vaguer or repeat itself. */
function withJsonTypes(schema) {
  if (Array.isArray(schema)) return schema.map(withJsonTypes);
  if (!isObject(schema)) return schema;
  const out = {};
  for (const [k, v] of Object.entries(schema)) {
    out[k] = DATA_KEYS.includes(k)
      ? v
      : SCHEMA_MAPS.includes(k) && isObject(v)
        ? Object.fromEntries(Object.entries(v).map(([name, sub]) => [name, withJsonTypes(sub)]))
        : withJsonTypes(v);
  }
  const freeObject =
    out.type === 'object' &&
    !out.properties &&
    !out.patternProperties &&
    out.additionalProperties !== false &&
    !isObject(out.additionalProperties);
  if (freeObject) out.tsType = 'JsonObject';
  else if (!SHAPING_KEYS.some((k) => k in out) && !('additionalProperties' in out)) out.tsType = 'JsonValue';
  // json-schema-to-typescript restates a `$ref` that has a description beside it; under `allOf`
  // the property keeps its description and names the referenced type.
  if (out.$ref && Object.keys(out).length > 1) {
    const { $ref, ...rest } = out;
    return { ...rest, allOf: [{ $ref }] };
  }
  return out;
}

/** `export interface X {…}` → `export type X = {…};` (top level only: the generator never nests them). */
function interfacesToAliases(ts) {
  return ts.replace(/^export interface (\w+) \{$([\s\S]*?)^\}$/gm, 'export type $1 = {$2};');
}

/**
 * The generated files of one target (`{ out, text }`, the target's own file first), formatted with
 * the repository's Prettier settings.
 */
export async function generate(target) {
  const schema = JSON.parse(readFileSync(new URL(target.schema, `file://${ROOT}`), 'utf8'));
  // Definitions keep their names; properties are the document itself.
  const typed = withJsonTypes(schema);
  const adjusted = { ...(target.adjust ? target.adjust(typed) : typed), title: target.name, tsType: undefined };
  const body = await compile(adjusted, target.name, {
    bannerComment: '',
    additionalProperties: false,
    unreachableDefinitions: false,
    format: false,
    declareExternallyReferenced: true,
    strictIndexSignatures: false,
  });
  const options = (await prettier.resolveConfig(`${ROOT}${target.out}`)) ?? {};
  const format = (ts) => prettier.format(ts, { printWidth: 120, singleQuote: true, ...options, parser: 'typescript' });
  const declarations = sortDeclarations(await format(interfacesToAliases(body)));
  const split = target.split;
  if (!split) return [await generatedFile(target, target.out, declarations, [], format)];
  const own = declarations.filter((d) => !split.names.test(d.name));
  const moved = declarations.filter((d) => split.names.test(d.name));
  const movedNames = moved.map((d) => d.name).join(', ');
  const reexport = `export type { ${movedNames} } from '${relativeImport(target.out, split.out)}';`;
  return [
    await generatedFile(target, target.out, own, [...typesFrom(target.out, split.out, own, moved), reexport], format),
    await generatedFile(target, split.out, moved, typesFrom(split.out, target.out, moved, own), format),
  ];
}

/** One generated file: the banner, its imports, then its declarations. */
async function generatedFile(target, out, declarations, imports, format) {
  const text = declarations.map((d) => d.text).join('\n');
  const all = [...(out === target.out && target.imports ? [target.imports] : []), ...imports];
  return { out, text: wrapComments(await format(header(target, out, text, all) + '\n\n' + text)) };
}

/** The type import, into the file `into`, of what `declarations` use of `others`, declared in the file `from`. */
function typesFrom(into, from, declarations, others) {
  const text = declarations.map((d) => d.text).join('\n');
  const used = others.map((d) => d.name).filter((name) => usesName(text, name));
  return used.length ? [`import type { ${used.join(', ')} } from '${relativeImport(into, from)}';`] : [];
}

/** How the generated file `from` imports the module `to` (both relative to the repository). */
function relativeImport(from, to) {
  const relative = path.posix.relative(path.posix.dirname(from), to).replace(/\.ts$/, '.js');
  return relative.startsWith('.') ? relative : `./${relative}`;
}

/**
 * Doc-comment lines longer than the print width, wrapped at spaces: the schemas' descriptions are
 * copied into comments, which Prettier leaves as they are and ESLint's max-len would refuse.
 */
function wrapComments(ts, width = 120) {
  const wrapped = ts.split('\n').flatMap((line) => {
    const comment = /^(\s*\* )(.*)$/.exec(line);
    if (!comment || line.length <= width) return [line];
    const [, prefix, text] = comment;
    const lines = [];
    let current = '';
    for (const word of text.split(' ')) {
      if (current && prefix.length + current.length + 1 + word.length > width) {
        lines.push(prefix + current);
        current = word;
      } else current = current ? `${current} ${word}` : word;
    }
    return [...lines, prefix + current];
  });
  return wrapped.join('\n');
}

/**
 * The top-level declarations of formatted TypeScript (`{ name, text }`, with doc comments), sorted by name:
 * json-schema-to-typescript emits them in the order it meets references, which moves them about
 * when a reference is added; sorted, the file is easy to scan and its diffs stay small. A
 * declaration without member comments is put on one line, which Prettier keeps where it fits.
 */
function sortDeclarations(ts) {
  const chunks = [];
  let previous = '';
  for (const line of ts.split('\n')) {
    const commented = previous === ' */';
    if (line.startsWith('/**') || (line.startsWith('export ') && !commented)) chunks.push([]);
    chunks.at(-1)?.push(line);
    previous = line;
  }
  const name = (chunk) => /^export type (\w+)/m.exec(chunk.join('\n'))?.[1] ?? '';
  return chunks
    .map((chunk) => ({ name: name(chunk), text: oneLineUncommented(chunk.join('\n').trim()) }))
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

function oneLineUncommented(declaration) {
  const start = declaration.search(/^export /m);
  const body = declaration.slice(start);
  return body.includes('/**') ? declaration : declaration.slice(0, start) + body.replace(/\n\s*/g, ' ');
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  for (const target of TARGETS) {
    for (const { out, text } of await generate(target)) {
      writeFileSync(`${ROOT}${out}`, text);
      process.stdout.write(`wrote ${out} from ${target.schema}\n`);
    }
  }
}
