// cxas-eval.config.yaml: project settings, validated by schemas/config.schema.json (whose types,
// CxasConfig and its sections, are generated into src/model/config.generated.ts).
import { randomUUID } from 'node:crypto';
import { access } from 'node:fs/promises';
import * as path from 'node:path';
import type { CxasConfig } from '../model/config.generated.js';
import type { SourceLocation } from '../model/location.js';
import { SpecError, loadYamlFile, loadYamlText, locate, type LoadedYaml, type YamlDoc } from '../validation/index.js';
import { linearPattern, patternProblem } from '../model/pattern.js';
import { packagePath, readSchema } from '../package-root.js';
import { displayPath } from './load/source.js';
import { optionNamesError, type OptionNames } from './option-names.js';

export type { CxasConfig };

const CONFIG_FILE_NAMES = ['cxas-eval.config.yaml', 'cxas-eval.config.yml'];

export interface ConfigResult {
  config: CxasConfig;
  file?: string;
  /** The config file's folder (absolute): the project root. */
  dir?: string;
  errors: SpecError[];
  /** Where a key of the config is written (file:1:1 when the file does not say), for later checks. */
  locate?: (keyPath: ReadonlyArray<string | number>) => SourceLocation;
}

/**
 * The folders paths written in specs may lead into: the project root (the config file's folder, else
 * cwd) and the config's `files.allowRoots`, resolved against the root.
 */
export function projectRoots(loaded: Pick<ConfigResult, 'config' | 'dir'>, cwd: string): string[] {
  const root = loaded.dir ?? path.resolve(cwd);
  return [root, ...(loaded.config.files?.allowRoots ?? []).map((r) => path.resolve(root, r))];
}

/** Where a config given as an object (the library's `run({config})`) is said to be in messages. */
const INLINE_CONFIG = 'run options: config';

interface ConfigOptions {
  cwd?: string;
  file?: string;
  value?: CxasConfig;
}
const CONFIG_OPTIONS: OptionNames<ConfigOptions> = { cwd: true, file: true, value: true };

/**
 * Reads `file` (relative to cwd), else the first of CONFIG_FILE_NAMES in cwd; no file is `{}`.
 * A config given as `value` is validated like a file (cwd is its project root). Never rejects; an
 * explicit file that does not exist is an error, and so is an option no option has.
 */
export async function loadConfig(opts: ConfigOptions = {}): Promise<ConfigResult> {
  const wrong = optionNamesError('loadConfig', opts, CONFIG_OPTIONS);
  if (wrong) return { config: {}, errors: [wrong] };
  const cwd = path.resolve(opts.cwd ?? process.cwd());
  if (opts.value !== undefined) {
    return checkedConfig(loadYamlText(inlineConfigText(opts.value), INLINE_CONFIG, configSchema()), {
      file: INLINE_CONFIG,
      dir: cwd,
    });
  }
  const abs = opts.file
    ? path.resolve(cwd, opts.file)
    : await firstExisting(CONFIG_FILE_NAMES.map((n) => path.join(cwd, n)));
  if (!abs) return { config: {}, errors: [] };
  const file = displayPath(abs, cwd);
  const dir = path.dirname(abs);
  return checkedConfig(await loadYamlFile(abs, configSchema(), packagePath('schemas', CONFIG_SCHEMA)), { file, dir });
}

/**
 * A config object as the text its errors point into: JSON, except that a number JSON cannot hold
 * (NaN, Infinity) is written as YAML writes it (.nan, .inf), so that the schema's message names what
 * was given instead of the `null` JSON.stringify would make of it.
 */
function inlineConfigText(value: CxasConfig): string {
  const mark = `cxas-eval-non-finite-${randomUUID()}:`;
  const json = JSON.stringify(
    value,
    (_key, v: unknown) => (typeof v === 'number' && !Number.isFinite(v) ? `${mark}${v}` : v),
    2,
  );
  const yaml: Record<string, string> = { NaN: '.nan', Infinity: '.inf', '-Infinity': '-.inf' };
  return json.replace(new RegExp(`"${mark}(NaN|-?Infinity)"`, 'g'), (_all, n: string) => yaml[n]!);
}

const CONFIG_SCHEMA = 'config.schema.json';
const configSchema = () => readSchema(CONFIG_SCHEMA);

function checkedConfig(loaded: LoadedYaml, { file, dir }: { file: string; dir: string }): ConfigResult {
  const errors = loaded.errors.map((e) => new SpecError(e.code, { ...e.loc, file }, e.path, e.text));
  if (errors.length) return { config: {}, file, dir, errors };
  if (loaded.value === null) return { config: {}, file, dir, errors };
  const config = loaded.value as CxasConfig;
  const bad = badRedactPatterns(config, loaded.doc, file);
  if (bad.length) return { config: {}, file, dir, errors: bad };
  return { config, file, dir, errors: [], locate: (keyPath) => locateIn(loaded.doc, keyPath, file) };
}

async function firstExisting(candidates: string[]): Promise<string | undefined> {
  for (const c of candidates) {
    if (
      await access(c).then(
        () => true,
        () => false,
      )
    )
      return c;
  }
  return undefined;
}

function badRedactPatterns(config: CxasConfig, doc: YamlDoc | undefined, file: string): SpecError[] {
  return (config.redact ?? []).flatMap((pattern, i) => {
    const problem = redactPatternProblem(pattern);
    return problem ? [new SpecError('BAD_REGEX', locateIn(doc, ['redact', i], file), `redact[${i}]`, problem)] : [];
  });
}

/**
 * Why a `redact` pattern cannot be used: it does not compile, or it matches the empty string (it
 * would put [REDACTED] between every two characters of every report).
 */
function redactPatternProblem(pattern: string): string | undefined {
  try {
    if (!linearPattern(pattern).matchesEmpty()) return undefined;
    return (
      `${JSON.stringify(pattern)} matches the empty string, so it would mask between every two characters: ` +
      'make it match at least one character (e.g. + instead of *)'
    );
  } catch (err) {
    return patternProblem(pattern, err);
  }
}

function locateIn(doc: YamlDoc | undefined, keyPath: ReadonlyArray<string | number>, file: string) {
  return doc ? locate(doc, keyPath, file) : { file, line: 1, col: 1 };
}
