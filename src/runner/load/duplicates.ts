// Suite-wide checks: conversation names are unique (runs, goldens and `afterConversation` use
// them), and every `afterConversation` names a conversation of the suite.
import { formatLocation, type SourceLocation } from '../../model/location.js';
import type { ConversationSpec } from '../../model/spec.js';
import { SpecError } from '../../validation/index.js';

/** Where a conversation's name and its `afterConversation` were written, for suite-wide errors. */
export interface ConversationRefs {
  /** Key path of the conversation's name in its file, e.g. `conversations[2].name`. */
  namePath: string;
  dependency?: { loc: SourceLocation; path: string };
}

/** A conversation as a builder returns it: the spec, and where its parts were written. */
export interface BuiltConversation { spec: ConversationSpec; refs: ConversationRefs }

/** One error at each later occurrence of a name, naming the first. */
export function duplicateNameErrors(conversations: readonly BuiltConversation[]): SpecError[] {
  const first = new Map<string, ConversationSpec>();
  const errors: SpecError[] = [];
  for (const { spec: c, refs } of conversations) {
    const earlier = first.get(c.name);
    if (!earlier) {
      first.set(c.name, c);
      continue;
    }
    const loc = c.loc ?? { file: c.file, line: 1, col: 1 };
    const text = `duplicate conversation name "${c.name}" (first defined at ${formatLocation(earlier.loc)})`;
    errors.push(new SpecError('DUPLICATE_NAME', loc, refs.namePath, text));
  }
  return errors;
}

export function unknownDependencyErrors(conversations: readonly BuiltConversation[]): SpecError[] {
  const names = new Set(conversations.map(({ spec }) => spec.name));
  return conversations.flatMap(({ spec: c, refs }) => {
    const dep = c.history && 'afterConversation' in c.history ? c.history.afterConversation : undefined;
    if (dep === undefined || names.has(dep)) return [];
    const ref = refs.dependency ?? { loc: c.loc ?? { file: c.file, line: 1, col: 1 }, path: 'history' };
    return [new SpecError('BAD_VALUE', ref.loc, ref.path, `no conversation named "${dep}" in the suite`)];
  });
}
