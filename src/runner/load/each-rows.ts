// The rows of `each:` (README "Data-driven conversations"): written inline, or read from a data file
// next to the spec (.yaml/.yml or .json: a list of maps; .csv: a header line, then one row per
// record). A data file is read like an included fragment: inside the project roots, within
// limits.specFileBytes, and counted in limits.includedBytes. Every row keeps where it was written
// (file:line:col of the row, or the CSV line) so that errors about a row point at it.
import * as path from 'node:path';
import { quoted, type SourceLocation } from '../../model/location.js';
import {
  SpecError,
  formatPath,
  inputLimits,
  jsonSyntaxError,
  locate,
  parseYaml,
  fileProblemError,
  readBoundedText,
  writtenText,
  type SpecErrorCode,
} from '../../validation/index.js';
import type { FragmentCache } from './fragment-cache.js';
import type { RawConversation } from './native.js';
import { asText } from './template.js';

/** One row: its values as text, and where it was written. */
export interface DataRow {
  values: Record<string, string>;
  loc: SourceLocation;
  /** Key path of the row in its file (`conversations[0].each[2]`, `[2]`; '' for a CSV line). */
  path: string;
}

type Scalar = string | number | boolean;
interface CsvRecord {
  record: Record<string, string>;
  info: { lines: number };
  raw: string;
}
const DATA_EXTENSIONS = ['.yaml', '.yml', '.json', '.csv'];

/** The rows of a conversation's `each:`, or undefined (with errors) when they cannot be had. */
export async function eachRows(
  conversation: RawConversation,
  cache: FragmentCache,
  errors: SpecError[],
  /** Data files read, added here: like fragments, they are not spec files of the suite. */
  dataFiles: string[] = [],
): Promise<DataRow[] | undefined> {
  const { source, raw, index } = conversation;
  const at = ['conversations', index, 'each'];
  if (raw.each === undefined) return undefined;
  if (typeof raw.each !== 'string') {
    return raw.each.map((row, i) => ({
      values: asText(row, (key) => source.written([...at, i, key])),
      loc: source.at([...at, i]),
      path: formatPath([...at, i]),
    }));
  }
  const written = raw.each;
  const contained = source.resolveContained(written, at, errors);
  if (!contained) return undefined;
  dataFiles.push(contained.abs);
  const extension = path.extname(contained.abs).toLowerCase();
  if (!DATA_EXTENSIONS.includes(extension)) {
    errors.push(
      source.error('BAD_VALUE', at, `${source.quote(at, written)}: a data file is .yaml, .yml, .json or .csv`),
    );
    return undefined;
  }
  const read = await cache.data(contained.abs, () => readRows(contained.abs, contained.display, extension));
  cache.includedBytes += read.bytes;
  if (cache.includedBytes > inputLimits().includedBytes) {
    const over = 'the files included by all spec files together are over limits.includedBytes';
    const text = `${source.quote(at, written)}: ${over}`;
    errors.push(source.error('TOO_LARGE', at, text));
    return undefined;
  }
  if (read.problem) {
    const text =
      read.problem.code === 'MISSING_FILE'
        ? source.missingFileText(at, written, contained.display)
        : `${source.quote(at, written)}: ${read.problem.reason}`;
    errors.push(source.error(read.problem.code, at, text));
    return undefined;
  }
  errors.push(...read.errors);
  return read.errors.length ? undefined : read.rows;
}

/** A data file's rows or problems; cached per file (several conversations may share one). */
export interface DataFileRows {
  rows: DataRow[];
  errors: SpecError[];
  bytes: number;
  problem?: { code: SpecErrorCode | 'OUTSIDE_ROOT'; reason: string };
}

async function readRows(abs: string, display: string, extension: string): Promise<DataFileRows> {
  const read = readBoundedText(abs, inputLimits().specFileBytes);
  // Text that is not UTF-8 is an error in the data file, at its place, as a syntax error is.
  if ('problem' in read && read.problem.at)
    return { rows: [], errors: [fileProblemError(display, read.problem)], bytes: 0 };
  if ('problem' in read) return { rows: [], errors: [], bytes: 0, problem: read.problem };
  // A .json file is strict JSON: the YAML parser below would also take a trailing comma or a comment.
  const syntax = extension === '.json' ? jsonSyntaxError(read.text, display) : undefined;
  if (syntax) return { rows: [], errors: [syntax], bytes: read.bytes };
  const parsed = extension === '.csv' ? await csvRows(read.text, display) : yamlRows(read.text, display);
  return { ...parsed, bytes: read.bytes };
}

/**
 * YAML, or JSON once it is strict JSON (a JSON text is YAML too, and the parser keeps positions):
 * a list of maps of scalars.
 */
function yamlRows(text: string, file: string): Pick<DataFileRows, 'rows' | 'errors'> {
  const { doc, value, errors } = parseYaml(text, file);
  if (errors.length) return { rows: [], errors };
  const at = (p: Array<string | number>): SourceLocation => locate(doc, p, file);
  if (!Array.isArray(value) || value.length === 0) {
    return {
      rows: [],
      errors: [new SpecError('WRONG_TYPE', at([]), '', 'a data file holds a non-empty list of rows (maps)')],
    };
  }
  const rows: DataRow[] = [];
  const problems: SpecError[] = [];
  value.forEach((row: unknown, i) => {
    if (row === null || typeof row !== 'object' || Array.isArray(row)) {
      problems.push(
        new SpecError('WRONG_TYPE', at([i]), formatPath([i]), `row ${i + 1} must be a map of names to values`),
      );
      return;
    }
    const values: Record<string, Scalar> = {};
    for (const [key, v] of Object.entries(row)) {
      if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') values[key] = v;
      else {
        const text = `row ${i + 1}: ${quoted(key)} must be text, a number or a boolean`;
        problems.push(new SpecError('WRONG_TYPE', at([i, key]), formatPath([i, key]), text));
      }
    }
    rows.push({ values: asText(values, (key) => writtenText(doc, [i, key])), loc: at([i]), path: formatPath([i]) });
  });
  return { rows, errors: problems };
}

/** CSV through csv-parse: a header line names the columns; each row's line is where it starts. */
async function csvRows(text: string, file: string): Promise<Pick<DataFileRows, 'rows' | 'errors'>> {
  const { parse, CsvError } = await import('csv-parse/sync');
  const problems: SpecError[] = [];
  const header = (names: string[]): string[] => {
    const seen = new Set<string>();
    for (const name of names) {
      if (name === '' || seen.has(name)) {
        const text = name === '' ? 'a column has no name' : `column ${quoted(name)} is named twice`;
        problems.push(new SpecError('BAD_VALUE', { file, line: 1, col: 1 }, '', `header: ${text}`));
      }
      seen.add(name);
    }
    return names;
  };
  try {
    // CRLF read as LF: csv-parse counts lines of CR LF files unevenly, and rows must name their line.
    const normalised = text.replace(/\r\n?/g, '\n');
    const records = parse<CsvRecord>(normalised, {
      columns: header,
      info: true,
      raw: true,
      skip_empty_lines: true,
      bom: true,
    });
    if (problems.length) return { rows: [], errors: problems };
    if (records.length === 0) {
      return {
        rows: [],
        errors: [new SpecError('BAD_VALUE', { file, line: 1, col: 1 }, '', 'no rows after the header line')],
      };
    }
    const rows = records.map(({ record, info, raw }) => {
      const body = raw.replace(/^\n+/, '').replace(/\n$/, '');
      const line = info.lines - (body.match(/\n/g)?.length ?? 0);
      return { values: asText(record), loc: { file, line, col: 1 }, path: '' };
    });
    return { rows, errors: [] };
  } catch (err) {
    if (!(err instanceof CsvError)) throw err;
    const line = typeof err.lines === 'number' ? err.lines : 1;
    return { rows: [], errors: [...problems, new SpecError('BAD_VALUE', { file, line, col: 1 }, '', err.message)] };
  }
}
