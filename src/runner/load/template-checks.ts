// Where `${each.key}` and `${with.key}` may be written (checked before anything is expanded):
// `${with.key}` only in the turns of a step, `${each.key}` only in a conversation with `each:` or in a
// step (which a conversation with `each:` must then use: checked when the step is expanded).
import { formatLocation } from '../../model/location.js';
import type { SpecError } from '../../validation/index.js';
import type { Source } from './source.js';
import { referencesIn, referencesInKeys, type TemplateScope, type ValuePath } from './template.js';
import { isJsonObject as isRecord } from '../../model/json.js';

const WITH_ONLY_IN_STEPS = 'read only in the turns of a step (steps:), from the with: of the turn that uses it';
const KEY_STAYS = 'in a key stays as written (only values are substituted): write the key itself';
const EACH_ONLY_WITH_ROWS = 'read only in a conversation with each: (or in a step such a conversation uses)';

/** Read from the document as written: it walks strings only, so it runs whatever the schema said. */
export function checkTemplatePlacement(source: Source, errors: SpecError[]): void {
  if (!source.mayHaveTemplates) return;
  const doc = isRecord(source.value) ? source.value : {};
  const misplaced = (value: unknown, at: ValuePath, scope: TemplateScope, text: string): void => {
    for (const ref of referencesIn(value, scope, at)) {
      errors.push(source.error('BAD_VALUE', ref.at, `\${${scope}.${ref.name}} is ${text}`));
    }
  };
  for (const [key, value] of [
    ['defaults', doc['defaults']],
    ['toolTests', doc['toolTests']],
  ] as const) {
    misplaced(value, [key], 'with', WITH_ONLY_IN_STEPS);
    misplaced(value, [key], 'each', EACH_ONLY_WITH_ROWS);
  }
  const conversations: unknown[] = Array.isArray(doc['conversations']) ? doc['conversations'] : [];
  conversations.forEach((conversation, i) => {
    if (!isRecord(conversation)) return;
    const { each, ...own } = conversation;
    misplaced(own, ['conversations', i], 'with', WITH_ONLY_IN_STEPS);
    if (each === undefined) misplaced(own, ['conversations', i], 'each', `${EACH_ONLY_WITH_ROWS}; this one has none`);
  });
}

/**
 * `${each.k}` / `${with.k}` in a mapping key: keys are not substituted, so each is an error at the key.
 * Other complaints at that key (an unknown operator `${with.op}`) only echo it and are dropped.
 */
export function withTemplateKeyErrors(source: Source, problems: SpecError[]): SpecError[] {
  if (!source.mayHaveTemplates) return problems;
  const inKeys = (['each', 'with'] as const).flatMap((scope) =>
    referencesInKeys(source.value, scope).map((ref) => {
      const text = `\${${scope}.${ref.name}} ${KEY_STAYS}`;
      return source.error('BAD_VALUE', ref.at, text, { key: true });
    }),
  );
  if (!inKeys.length) return problems;
  const at = new Set(inKeys.map((e) => formatLocation(e.loc)));
  return [...inKeys, ...problems.filter((e) => !at.has(formatLocation(e.loc)))];
}
