// Reads a stored results.json (merge-reports, rescore, replay, history), with errors that name the
// file and what is wrong. Loaded only by the commands that read stored runs, so its ajv costs other
// commands nothing. A `.gz` file (the run history's copies) is gunzipped first.
import { readFile } from 'node:fs/promises';
import { promisify } from 'node:util';
import { gunzip } from 'node:zlib';
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { RESULT_SCHEMA_VERSION, type RunResult } from '../model/result.js';
import { passRateOf } from '../model/summary.js';
import { ReportInputError } from './input-error.js';
import { readSchema } from '../package-root.js';

export { ReportInputError };

// ajv-formats is CommonJS; under NodeNext its default import is the plugin function itself.
const addFormats = addFormatsModule as unknown as (ajv: Ajv2020) => Ajv2020;
let validator: ValidateFunction | undefined;

async function reportValidator(): Promise<ValidateFunction> {
  if (validator) return validator;
  validator = addFormats(new Ajv2020({ allErrors: false, strictRequired: false })).compile(
    readSchema('report.schema.json'),
  );
  return validator;
}

const gunzipAsync = promisify(gunzip);

/** Reads and schema-checks a results file; an older schemaVersion is read as the current one (a subset of it). */
export async function loadRunResult(path: string): Promise<RunResult> {
  let text: string;
  try {
    const bytes = await readFile(path);
    text = path.endsWith('.gz')
      ? (await gunzipAsync(bytes).catch(() => truncated(path))).toString('utf8')
      : bytes.toString('utf8');
  } catch (err) {
    if (err instanceof ReportInputError) throw err;
    const code = (err as NodeJS.ErrnoException).code;
    throw new ReportInputError(
      code === 'ENOENT' ? `${path}: not found` : `${path}: cannot read (${code ?? String(err)})`,
    );
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (err) {
    throw new ReportInputError(`${path}: invalid JSON (${(err as Error).message})`);
  }
  if (nestedPast(data, MAX_REPORT_DEPTH))
    throw new ReportInputError(
      `${path}: not a cxas-eval results.json: nested deeper than ${MAX_REPORT_DEPTH} levels of objects and lists`,
    );
  const validate = await reportValidator();
  if (!validate(data)) {
    const e = validate.errors?.[0];
    throw new ReportInputError(
      `${path}: not a cxas-eval results.json: ${e?.instancePath || '/'} ${e?.message ?? 'invalid'}`,
    );
  }
  const result = data as RunResult;
  // Read as the current version: before 5 a repeat with no run counted had a vacuous pass^0 of 1.
  if (result.schemaVersion < 5) for (const r of result.repeats) if (r.runs === 0) r.passHatK = null;
  // Before 7 the summary's pass rate counted interrupted runs as not passed, and read 0 with no run counted.
  if (result.schemaVersion < 7) {
    result.summary.passRate = passRateOf(result.summary);
    for (const r of result.repeats) if (r.runs === 0) r.passRate = null;
  }
  result.schemaVersion = RESULT_SCHEMA_VERSION;
  return result;
}

/**
 * How deep a results.json may nest. JSON.parse reads any depth, but the schema check, the reporters
 * and JSON.stringify recurse: a value 2 million levels deep (schema-valid: variables and tool
 * arguments are free-form) made merge-reports die with "Maximum call stack size exceeded" and write
 * no results.json. A spec's values nest at most `nestingDepth` (64) inside their file; a report holds
 * them a few levels down, so this leaves that much room again for its own structure and the agent's.
 */
const MAX_REPORT_DEPTH = 2 * 64; // 64: the default of limits.nestingDepth (reporters do not import validation)

/** Whether objects and lists nest deeper than `limit` in `data`, walked without recursion. */
function nestedPast(data: unknown, limit: number): boolean {
  const stack: Array<{ value: unknown; depth: number }> = [{ value: data, depth: 0 }];
  while (stack.length) {
    const { value, depth } = stack.pop()!;
    if (value === null || typeof value !== 'object') continue;
    if (depth >= limit) return true;
    for (const item of Object.values(value)) stack.push({ value: item, depth: depth + 1 });
  }
  return false;
}

function truncated(path: string): never {
  throw new ReportInputError(`${path}: not a complete gzip file (truncated or damaged)`);
}
