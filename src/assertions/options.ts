// Reading matcher options defensively: the schema validated them, but a wrong shape must
// become an `error` assertion naming the option, never a crash or a silent pass.
import { isJsonObject, type JsonObject, type JsonValue } from '../model/json.js';
import { BadOptionsError } from './errors.js';
import { render } from './format.js';
import { MATCH_MODES, type MatchMode } from './match-value.js';

export class Options {
  constructor(
    readonly matcher: string,
    readonly values: JsonObject,
  ) {}

  /** Wraps `options`, which must be an object (shorthands are normalised by the caller first). */
  static of(matcher: string, options: JsonValue): Options {
    if (!isJsonObject(options))
      throw new BadOptionsError(`${matcher}: options must be an object; got ${render(options)}`);
    return new Options(matcher, options);
  }

  /** Throws naming every key not in `allowed`; `context` (e.g. " next to value") says when the list applies. */
  only(allowed: readonly string[], context = ''): void {
    const unknown = Object.keys(this.values).filter((k) => !allowed.includes(k));
    if (unknown.length)
      throw new BadOptionsError(
        `${this.matcher}: unknown option ${unknown.join(', ')}${context} (options: ${allowed.join(', ')})`,
      );
  }

  has(key: string): boolean {
    return this.values[key] !== undefined;
  }

  raw(key: string): JsonValue | undefined {
    return this.values[key];
  }

  fail(key: string, wanted: string): never {
    throw new BadOptionsError(`${this.matcher}.${key} must be ${wanted}; got ${render(this.values[key])}`);
  }

  string(key: string): string | undefined {
    const v = this.values[key];
    if (v === undefined || typeof v === 'string') return v;
    return this.fail(key, 'a string');
  }

  number(key: string): number | undefined {
    const v = this.values[key];
    if (v === undefined || (typeof v === 'number' && Number.isFinite(v))) return v;
    return this.fail(key, 'a number');
  }

  boolean(key: string): boolean | undefined {
    const v = this.values[key];
    if (v === undefined || typeof v === 'boolean') return v;
    return this.fail(key, 'true or false');
  }

  oneOf<T extends string>(key: string, allowed: readonly T[]): T | undefined {
    const v = this.values[key];
    if (v === undefined) return undefined;
    if (typeof v === 'string' && (allowed as readonly string[]).includes(v)) return v as T;
    return this.fail(key, `one of ${allowed.join(', ')}`);
  }

  /** A `subset | exact` option (`mode`, `argsMode`), or `fallback` when absent. */
  matchMode(key: string, fallback: MatchMode): MatchMode {
    return this.oneOf(key, MATCH_MODES) ?? fallback;
  }

  strings(key: string): string[] | undefined {
    const v = this.values[key];
    if (v === undefined) return undefined;
    if (Array.isArray(v) && v.every((s) => typeof s === 'string')) return v as string[];
    return this.fail(key, 'a list of strings');
  }

  object(key: string): JsonObject | undefined {
    const v = this.values[key];
    if (v === undefined || isJsonObject(v)) return v;
    return this.fail(key, 'an object');
  }
}
