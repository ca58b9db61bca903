// One loaded YAML file: its display path, its Document (for positions) and its value.
import * as path from 'node:path';
import type { SourceLocation, StepUse } from '../../model/location.js';
import { SpecError, formatPath, locate, writtenText, type YamlDoc } from '../../validation/index.js';
import { insideRoots, outsideRootsText, type FileRoots } from './roots.js';
import { quoted } from '../../model/location.js';
import type { EnvSubstitutions } from './env.js';

export type KeyPath = ReadonlyArray<string | number>;

export interface SourceExtra {
  /** Set when the file's text was read: whether it holds `${each.` or `${with.` at all. */
  templated?: boolean;
  /** The step use through which this file's content is being built (steps.ts). */
  via?: StepUse;
  /**
   * Names the file's text for the checks of native-file.ts when its value is its text's alone (no
   * `${env.}` in it) and the parse cache is on: a text that passed them before is not checked again.
   */
  passKey?: string;
  /** What its `${env.NAME}` references put in, and where (env.ts): messages name them, not their values. */
  env?: EnvSubstitutions;
}

/** A scalar that is one `${env.NAME}` and nothing else: a message names it bare. */
const ONE_REFERENCE = /^\$\{env\.[A-Za-z_][A-Za-z0-9_]*\}$/;

export class Source {
  constructor(
    /** Path relative to cwd, with forward slashes: what messages and ids show. */
    readonly file: string,
    readonly absPath: string,
    /** Its Document, or the position table of a cached parse (src/validation/parse-cache.ts). */
    readonly doc: YamlDoc,
    readonly value: unknown,
    readonly cwd: string,
    /** Where paths written in this file may lead (roots.ts); default: the working directory. */
    readonly roots: FileRoots = [cwd],
    readonly extra: SourceExtra = {},
  ) {}

  at(keyPath: KeyPath, key = false): SourceLocation {
    const loc = locate(this.doc, keyPath, this.file, { key });
    return this.extra.via ? { ...loc, via: this.extra.via } : loc;
  }

  /** How the number or boolean at `keyPath` is written, where that differs from its value's text. */
  written(keyPath: KeyPath): string | undefined {
    return writtenText(this.doc, keyPath);
  }

  /** This file as seen through a `use:` of one of its steps: locations and errors name the use too. */
  usedAt(via: StepUse): Source {
    return new Source(this.file, this.absPath, this.doc, this.value, this.cwd, this.roots, { ...this.extra, via });
  }

  /**
   * How a message names the string at `keyPath` when an `${env.NAME}` gave it or part of it: as the
   * file wrote it (`${env.SECRET}`, `"fixtures/${env.NAME}.wav"`), for the value may be a secret
   * (README "Files contained"). Undefined for a string the file wrote itself.
   */
  envShown(keyPath: KeyPath): string | undefined {
    const written = this.extra.env?.written.get(JSON.stringify(keyPath));
    if (written === undefined) return undefined;
    return ONE_REFERENCE.test(written) ? written : quoted(written);
  }

  /** The string at `keyPath` as a message may quote it: quoted, or as envShown names it. */
  quote(keyPath: KeyPath, value: string): string {
    return this.envShown(keyPath) ?? quoted(value);
  }

  /**
   * `file "x" not found (looked for specs/x)`; for a path an `${env.NAME}` gave, the reference
   * instead, and not where it led (that would show the value).
   */
  missingFileText(keyPath: KeyPath, written: string, display: string): string {
    const shown = this.envShown(keyPath);
    if (shown === undefined) return `file ${quoted(written)} not found (looked for ${display})`;
    return `file ${shown} not found (where it leads is not shown: it comes from the environment)`;
  }

  /** False only when the file's text has no `${each.` and no `${with.` (its strings need no walk). */
  get mayHaveTemplates(): boolean {
    return this.extra.templated ?? true;
  }

  error(code: string, keyPath: KeyPath, text: string, opts: { key?: boolean; pathOf?: KeyPath } = {}): SpecError {
    return new SpecError(code, this.at(keyPath, opts.key), formatPath(opts.pathOf ?? keyPath), text);
  }

  /** A path written in this file, resolved against its folder and shown relative to cwd. */
  resolveRelative(p: string): { abs: string; display: string } {
    const abs = path.resolve(path.dirname(this.absPath), p);
    return { abs, display: displayPath(abs, this.cwd) };
  }

  /** resolveRelative, or undefined with an OUTSIDE_ROOT error at `keyPath` when the path leads out. */
  resolveContained(p: string, keyPath: KeyPath, errors: SpecError[]): { abs: string; display: string } | undefined {
    const resolved = this.resolveRelative(p);
    if (insideRoots(resolved.abs, this.roots)) return resolved;
    errors.push(this.error('OUTSIDE_ROOT', keyPath, outsideRootsText(this.roots, this.cwd)));
    return undefined;
  }
}

export function displayPath(abs: string, cwd: string): string {
  const rel = path.relative(cwd, abs);
  return (rel && !rel.startsWith('..') && !path.isAbsolute(rel) ? rel : abs).split(path.sep).join('/');
}
