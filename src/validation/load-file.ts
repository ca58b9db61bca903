// Read + parse + validate one YAML file against a schema.
import { readFile } from 'node:fs/promises';
import { SpecError } from './errors.js';
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
 * messages. With `schemaFile` (the file `schema` was read from) a text that passed before is not
 * validated again (parse-cache.ts).
 */
export async function loadYamlFile(file: string, schema: object, schemaFile?: string): Promise<LoadedYaml> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    const reason =
      (err as NodeJS.ErrnoException).code === 'ENOENT'
        ? 'file not found'
        : `cannot read file: ${(err as Error).message}`;
    return {
      value: null,
      doc: undefined,
      errors: [new SpecError('READ_FAILED', { file, line: 1, col: 1 }, '', reason)],
    };
  }
  return loadYamlText(text, file, schema, schemaFile);
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
