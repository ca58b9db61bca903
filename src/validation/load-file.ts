// Read + parse + validate one YAML file against a schema.
import * as path from 'node:path';
import { SpecError } from './errors.js';
import { fileProblemError, inputLimits, readBoundedText } from './limits.js';
import { checkKey, passedBefore, rememberPassed } from './parse-cache.js';
import { compileSchema } from './schema.js';
import { validateDocument } from './validate.js';
import { parseYaml, type YamlDoc } from './yaml.js';

export interface LoadedYaml {
  value: unknown;
  /** Undefined only when the file could not be read. */
  doc: YamlDoc | undefined;
  errors: SpecError[];
}

/**
 * Never rejects: unreadable files and syntax errors come back as `errors`. `file` is used as given in
 * messages. Only a regular file within `limits.specFileBytes` is read, as for spec files: a FIFO,
 * a device, /proc or a huge file is an error at file:1:1, never a hang (limits.ts). With
 * `schemaFile` (the file `schema` was read from) a text that passed before is not validated again
 * (parse-cache.ts).
 */
export async function loadYamlFile(file: string, schema: object, schemaFile?: string): Promise<LoadedYaml> {
  const at = { file, line: 1, col: 1 };
  let read: ReturnType<typeof readBoundedText>;
  try {
    read = readBoundedText(path.resolve(file), inputLimits().specFileBytes);
  } catch (err) {
    const reason = `cannot read file: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`;
    return { value: null, doc: undefined, errors: [new SpecError('READ_FAILED', at, '', reason)] };
  }
  if ('problem' in read) return { value: null, doc: undefined, errors: [fileProblemError(file, read.problem)] };
  return loadYamlText(read.text, file, schema, schemaFile);
}

/** YAML (or JSON) text parsed and validated as a file would be; `file` names it in messages. */
export function loadYamlText(text: string, file: string, schema: object, schemaFile?: string): LoadedYaml {
  const parsed = parseYaml(text, file);
  if (parsed.errors.length) return parsed;
  const key = schemaFile === undefined ? undefined : checkKey(`schema ${schemaFile}`, [schemaFile], text);
  if (passedBefore(key)) return parsed;
  const errors = validateDocument(compileSchema(schema), parsed, file);
  if (errors.length === 0) rememberPassed(key);
  return { ...parsed, errors };
}
