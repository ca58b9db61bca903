// One loaded YAML file: its display path, its Document (for positions) and its value.
import * as path from 'node:path';
import type { Document } from 'yaml';
import type { SourceLocation } from '../../model/location.js';
import { SpecError, formatPath, locate } from '../../validation/index.js';
import { insideRoots, outsideRootsText, type FileRoots } from './roots.js';

export type KeyPath = ReadonlyArray<string | number>;

export class Source {
  constructor(
    /** Path relative to cwd, with forward slashes: what messages and ids show. */
    readonly file: string,
    readonly absPath: string,
    readonly doc: Document,
    readonly value: unknown,
    readonly cwd: string,
    /** Where paths written in this file may lead (roots.ts); default: the working directory. */
    readonly roots: FileRoots = [cwd],
  ) {}

  at(keyPath: KeyPath, key = false): SourceLocation {
    return locate(this.doc, keyPath, this.file, { key });
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
