// Reads a shard's results.json for merge-reports, with errors that name the file and what is wrong.
// Only merge-reports loads this file (when it runs), so its ajv costs other commands nothing.
import { readFile } from 'node:fs/promises';
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import type { RunResult } from '../model/result.js';
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

export async function loadRunResult(path: string): Promise<RunResult> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
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
  const validate = await reportValidator();
  if (!validate(data)) {
    const e = validate.errors?.[0];
    throw new ReportInputError(
      `${path}: not a cxas-eval results.json: ${e?.instancePath || '/'} ${e?.message ?? 'invalid'}`,
    );
  }
  return data as RunResult;
}
