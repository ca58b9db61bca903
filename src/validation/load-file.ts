// Read + parse + validate one YAML file against a schema.
import { readFile } from 'node:fs/promises';
import { SpecError } from './errors.js';
import { compileSchema } from './schema.js';
import { validateDocument } from './validate.js';
import { parseYaml, type YamlDoc } from './yaml.js';

export interface LoadedYaml {
  value: unknown;
  /** Undefined only when the file could not be read. */
  doc: YamlDoc | undefined;
  errors: SpecError[];
}

/** Never rejects: unreadable files and syntax errors come back as `errors`. `file` is used as given in messages. */
export async function loadYamlFile(file: string, schema: object): Promise<LoadedYaml> {
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
  return loadYamlText(text, file, schema);
}

/** YAML (or JSON) text parsed and validated as a file would be; `file` names it in messages. */
export function loadYamlText(text: string, file: string, schema: object): LoadedYaml {
  const parsed = parseYaml(text, file);
  if (parsed.errors.length) return parsed;
  return { ...parsed, errors: validateDocument(compileSchema(schema), parsed, file) };
}
