// How a library caller's run options are checked: an option the config has too (under its own name
// or another: `paths` is the config's `specs`, `minCoverage` its `coverage.min`; `limits`, `tags`,
// `outputDir`… its own) is checked by the config schema itself
// (schemas/config.schema.json), so the rule lives in one place and a file and a caller are held to
// it alike. A problem is one line naming the option, as run-options.ts says its others.
import { nonFiniteText } from '../model/json.js';
import { shown } from '../model/location.js';
import { isDeepStrictEqual } from 'node:util';
import { packagePath, readSchema } from '../package-root.js';
import {
  checkKey,
  compileSchema,
  parseYaml,
  passedBefore,
  rememberPassed,
  validateDocument,
  type SpecError,
  type YamlDoc,
} from '../validation/index.js';

/**
 * Each option the config schema checks, and the key path the config has it under: the settings of
 * the config's names (RunSettings), `minCoverage` and the library's `paths`.
 */
const CONFIG_PATHS = {
  paths: ['specs'],
  minCoverage: ['coverage', 'min'],
  // The same names as the config's keys.
  app: ['app'],
  endpoint: ['endpoint'],
  insecure: ['insecure'],
  websocketEndpoint: ['websocketEndpoint'],
  apiVersion: ['apiVersion'],
  emulator: ['emulator'],
  concurrency: ['concurrency'],
  retries: ['retries'],
  timeoutMs: ['timeoutMs'],
  repeat: ['repeat'],
  grep: ['grep'],
  tags: ['tags'],
  excludeTags: ['excludeTags'],
  maxFailures: ['maxFailures'],
  reporters: ['reporters'],
  outputDir: ['outputDir'],
  failOnSkipped: ['failOnSkipped'],
  limits: ['limits'],
} as const satisfies Record<string, readonly [string, ...string[]]>;

export type ConfigRuledOption = keyof typeof CONFIG_PATHS;
export const CONFIG_RULED = Object.keys(CONFIG_PATHS) as ConfigRuledOption[];

/**
 * What is wrong with the first of these options the config schema refuses (`paths: expected a
 * list, got a string ("specs")`), or undefined. Only the options given are looked at.
 */
export function configRuleProblem(options: Partial<Record<ConfigRuledOption, unknown>>): string | undefined {
  const config: Record<string, unknown> = {};
  for (const name of CONFIG_RULED) {
    if (options[name] !== undefined) placeAt(config, CONFIG_PATHS[name], options[name]);
  }
  if (Object.keys(config).length === 0) return undefined;
  // Options that passed before (a CLI's same flags, run again) are not checked again: a start is
  // spared loading the config's validator (issue 33), as a spec file that passed is (parse-cache.ts).
  const key = passKey(config);
  if (passedBefore(key)) return undefined;
  const validate = compileSchema(readSchema('config.schema.json'));
  // The value is validated as it is (NaN, a function: what JSON would hide); the document only
  // locates errors, and the location is not shown: an option has no file:line:col.
  const [first] = validateDocument(validate, { doc: emptyDoc(), value: config }, 'run options');
  if (!first) rememberPassed(key);
  return first && optionProblem(first, config);
}

/** The options' pass key, when JSON holds them as they are (no NaN, function or undefined in a list). */
function passKey(config: Record<string, unknown>): string | undefined {
  const text = JSON.stringify(config);
  if (!isDeepStrictEqual(JSON.parse(text), config)) return undefined;
  return checkKey('run options', [packagePath('schemas', 'config.schema.json')], text);
}

function placeAt(config: Record<string, unknown>, keyPath: readonly string[], value: unknown): void {
  let node = config;
  for (const key of keyPath.slice(0, -1)) node = (node[key] ??= {}) as Record<string, unknown>;
  node[keyPath.at(-1)!] = value;
}

let empty: YamlDoc | undefined;
const emptyDoc = (): YamlDoc => (empty ??= parseYaml('{}', 'run options').doc);

/** The schema's sentence under the option's name, with the value when it is a short one. */
function optionProblem(error: SpecError, config: Record<string, unknown>): string {
  const [name, configPath] = (Object.entries(CONFIG_PATHS) as [string, readonly string[]][])
    .map(([option, keyPath]) => [option, keyPath.join('.')] as const)
    .find(([, keyPath]) => error.path === keyPath || under(error.path, keyPath))!;
  const where = name + error.path.slice(configPath.length);
  if (error.code === 'UNKNOWN_KEY') return `${where}: ${error.text}`;
  const value = valueAt(config, error.path);
  // The schema names a number JSON cannot hold as a YAML file writes it (`not a number (.nan)`); an
  // option is JavaScript's, so it is shown as given (NaN, Infinity), once.
  const nonFinite = typeof value === 'number' ? nonFiniteText(value) : undefined;
  if (nonFinite && error.text.includes(nonFinite)) return `${where}: ${error.text.replace(nonFinite, shown(value))}`;
  const scalar = value === null || (typeof value !== 'object' && typeof value !== 'function');
  return `${where}: ${error.text}${scalar ? ` (${shown(value)})` : ''}`;
}

/** Whether `keyPath` (`limits.specFileBytes`, `tags[0]`) is inside `parent` (`limits`, `tags`). */
const under = (keyPath: string, parent: string): boolean =>
  keyPath.startsWith(parent) && /^[.[]/.test(keyPath.slice(parent.length));

/** The value at a SpecError's path (`limits.specFileBytes`, `tags[1]`): plain keys and indexes only. */
function valueAt(root: unknown, keyPath: string): unknown {
  let node = root;
  for (const key of keyPath.match(/[^.[\]]+/g) ?? []) {
    node = node !== null && typeof node === 'object' ? (node as Record<string, unknown>)[key] : undefined;
  }
  return node;
}
