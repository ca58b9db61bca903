// Suite-wide checks: conversation names are unique (runs, goldens and `afterConversation` use
// them), and every `afterConversation` names a conversation of the suite.
import { formatLocation, type SourceLocation } from '../../model/location.js';
import type { ConversationSpec, SpecFile } from '../../model/spec.js';
import { SpecError } from '../../validation/index.js';

/** Key path of each conversation's `name` in its file, recorded by the builders for messages. */
export const namePaths = new WeakMap<ConversationSpec, string>();

/** One error at each later occurrence of a name, naming the first. */
export function duplicateNameErrors(files: SpecFile[]): SpecError[] {
  const first = new Map<string, ConversationSpec>();
  const errors: SpecError[] = [];
  for (const c of files.flatMap((f) => f.conversations)) {
    const earlier = first.get(c.name);
    if (!earlier) {
      first.set(c.name, c);
      continue;
    }
    const loc = c.loc ?? { file: c.file, line: 1, col: 1 };
    errors.push(new SpecError('DUPLICATE_NAME', loc, namePaths.get(c) ?? 'name', `duplicate conversation name "${c.name}" (first defined at ${formatLocation(earlier.loc)})`));
  }
  return errors;
}

/** Where each `afterConversation` (cxas-scrapi `test_name`) was written. */
export const dependencyRefs = new WeakMap<ConversationSpec, { loc: SourceLocation; path: string }>();

export function unknownDependencyErrors(files: SpecFile[]): SpecError[] {
  const all = files.flatMap((f) => f.conversations);
  const names = new Set(all.map((c) => c.name));
  return all.flatMap((c) => {
    const dep = c.history && 'afterConversation' in c.history ? c.history.afterConversation : undefined;
    if (dep === undefined || names.has(dep)) return [];
    const ref = dependencyRefs.get(c) ?? { loc: c.loc ?? { file: c.file, line: 1, col: 1 }, path: 'history' };
    return [new SpecError('BAD_VALUE', ref.loc, ref.path, `no conversation named "${dep}" in the suite`)];
  });
}
