// Reply validation with ajv (through src/validation): structured output is asked for, never trusted.
import type { JsonObject, JsonValue } from '../model/json.js';
import { compileSchema } from '../validation/index.js';

/** undefined when `value` satisfies `schema`; else the first problems, one line. */
export function checkReply(schema: JsonObject, value: JsonValue): string | undefined {
  const validate = compileSchema(schema);
  if (validate(value)) return undefined;
  return (validate.errors ?? [])
    .slice(0, 3)
    .map((e) => `${e.instancePath || '(root)'} ${e.message ?? 'is invalid'}`)
    .join('; ');
}
