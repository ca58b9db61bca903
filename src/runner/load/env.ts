// `${env.NAME}` in any string scalar, replaced before validation so the schema sees real values.
import type { KeyPath, Source } from './source.js';
import { SpecError } from '../../validation/index.js';
import { formatLocation } from '../../model/location.js';
import { nameEnvValues, type EnvValue } from '../../model/env-values.js';

const REFERENCE = /\$\{env\.([A-Za-z_][A-Za-z0-9_]*)\}/g;
const IN_KEY = new RegExp(REFERENCE.source);

/** What a file's substitutions were: each value put in, and each scalar they changed as it was written. */
export interface EnvSubstitutions {
  /** Shared by every file of a load (FragmentCache.envValues): messages about any of them name these. */
  values: EnvValue[];
  /** `JSON.stringify(keyPath)` → the scalar as the file wrote it, for the scalars a reference changed. */
  written: Map<string, string>;
}

/**
 * Returns the value with references replaced; an unset variable is an error at its scalar. Keys are
 * not replaced (a key from the environment would escape the schema's names): a reference in a key is
 * an error at the key, set or not. Each substitution is recorded in `seen`.
 */
export function interpolateEnv(
  source: Source,
  env: NodeJS.ProcessEnv,
  errors: SpecError[],
  text?: string,
  seen: EnvSubstitutions = { values: [], written: new Map() },
): unknown {
  // Most files use no variables: skip the copy of the whole tree.
  if (text !== undefined && !text.includes('${env.')) return source.value;
  const visit = (value: unknown, at: Array<string | number>): unknown => {
    if (typeof value === 'string') return replace(value, at);
    if (Array.isArray(value)) return value.map((v, i) => visit(v, [...at, i]));
    if (value !== null && typeof value === 'object') {
      return Object.fromEntries(
        Object.entries(value).map(([k, v]) => {
          const inKey = IN_KEY.exec(k);
          if (inKey) errors.push(source.error('BAD_VALUE', [...at, k], keyText(inKey[1]!), { key: true }));
          return [k, visit(v, [...at, k])];
        }),
      );
    }
    return value;
  };
  const replace = (text: string, at: KeyPath): string => {
    const out = text.replace(REFERENCE, (_, name: string) => {
      const set = env[name];
      if (set !== undefined) {
        record(seen.values, { name, value: set });
        return set;
      }
      errors.push(source.error('ENV_UNSET', at, `environment variable ${name} is not set`));
      return '';
    });
    if (IN_KEY.test(text)) seen.written.set(JSON.stringify(at), text);
    return out;
  };
  return visit(source.value, []);
}

function record(values: EnvValue[], value: EnvValue): void {
  if (!values.some((v) => v.name === value.name && v.value === value.value)) values.push(value);
}

/** `errors` with each value `${env.NAME}` put into the specs shown as that reference (README "Files contained"). */
export function namingEnv(errors: readonly SpecError[], values: readonly EnvValue[] | undefined): SpecError[] {
  if (!values?.length) return [...errors];
  return errors.map((e) => {
    const text = nameEnvValues(e.text, values);
    return text === e.text ? e : new SpecError(e.code, e.loc, e.path, text);
  });
}

const keyText = (name: string): string =>
  `\${env.${name}} in a key stays as written (only values are substituted): write the key itself`;

/**
 * `problems` without those at the very place of an unset variable (`unset`: its ENV_UNSET errors):
 * it read as "", so a complaint there (an empty `user:`) only echoes it.
 */
export function withoutEchoes(unset: readonly SpecError[], problems: readonly SpecError[]): SpecError[] {
  const at = new Set(unset.map((e) => formatLocation(e.loc)));
  return problems.filter((e) => !at.has(formatLocation(e.loc)));
}
