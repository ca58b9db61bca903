// Values a spec read from the environment (`${env.NAME}`) are often secrets: an error message names
// the variable, never its value (README "Files contained"). The loader records each substitution it
// makes; a message about the loaded specs goes through `nameEnvValues` before anyone sees it.
import { quoted } from './location.js';

/** One `${env.NAME}` reference the loader replaced, and what it put there. */
export interface EnvValue {
  readonly name: string;
  readonly value: string;
}

/**
 * `text` with every value in `values` (as it is, and as `quoted` escapes it inside quotes) replaced
 * by its `${env.NAME}`: a message quoting a substituted value then shows it as the spec wrote it.
 * One pass, longer values first: a value that contains another is replaced whole, and a short value
 * is never looked for inside a reference already put in.
 */
export function nameEnvValues(text: string, values: readonly EnvValue[]): string {
  const byText = new Map<string, string>();
  for (const { name, value } of values) {
    if (value === '') continue;
    for (const form of [value, quoted(value).slice(1, -1)]) if (!byText.has(form)) byText.set(form, name);
  }
  if (!byText.size) return text;
  const forms = [...byText.keys()].sort((a, b) => b.length - a.length).map(escapeRegExp);
  // Literal alternatives only (each escaped): no user pattern runs here.
  return text.replace(new RegExp(forms.join('|'), 'g'), (found) => `\${env.${byText.get(found)!}}`);
}

const escapeRegExp = (text: string): string => text.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&');
