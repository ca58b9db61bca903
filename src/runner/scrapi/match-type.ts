// Golden tool-call args may hold `{$matchType: ignore|contains|regexp|semantic, value}`; the
// platform interprets them, cxas-scrapi passes them through. We map them onto our operators.
import type { JsonObject, JsonValue } from '../../model/json.js';

export interface MappedArgs {
  args: JsonObject;
  /** semantic matches need an LLM judge: the arg becomes `$any` and a judge expectation is added. */
  semantic: Array<{ key: string; value: string }>;
  notes: string[];
  /** `regexp` patterns with their key path under args, checked by the caller at their position. */
  regexes: Array<{ path: string[]; pattern: string }>;
}

const isObject = (v: unknown): v is JsonObject => v !== null && typeof v === 'object' && !Array.isArray(v);

export function mapGoldenArgs(args: JsonObject, prefix: string[] = []): MappedArgs {
  const out: MappedArgs = { args: {}, semantic: [], notes: [], regexes: [] };
  for (const [key, value] of Object.entries(args)) {
    const keyPath = [...prefix, key];
    if (isObject(value) && typeof value['$matchType'] === 'string') {
      out.args[key] = mapOne(value['$matchType'], value['value'], keyPath, out);
    } else if (isObject(value)) {
      const inner = mapGoldenArgs(value, keyPath);
      out.args[key] = inner.args;
      out.semantic.push(...inner.semantic);
      out.notes.push(...inner.notes);
      out.regexes.push(...inner.regexes);
    } else {
      out.args[key] = value;
    }
  }
  return out;
}

function mapOne(matchType: string, value: JsonValue | undefined, keyPath: string[], out: MappedArgs): JsonValue {
  switch (matchType) {
    case 'ignore': return { $any: true };
    case 'contains': return { $contains: value ?? '' };
    case 'regexp':
      out.regexes.push({ path: keyPath, pattern: String(value ?? '') });
      return { $regex: String(value ?? '') };
    default:
      out.semantic.push({ key: keyPath.join('.'), value: typeof value === 'string' ? value : JSON.stringify(value) });
      out.notes.push(`argument ${keyPath.join('.')} had $matchType semantic: any value is accepted here, and a judge expectation (skipped: needs an LLM judge) carries the meaning.`);
      return { $any: true };
  }
}
