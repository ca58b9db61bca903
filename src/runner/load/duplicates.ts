// Suite-wide checks: conversation names are unique (runs, goldens and `afterConversation` use
// them), and every `afterConversation` names a conversation of the suite. Names are also taken from
// files with errors, so one pass reports every problem.
import { formatLocation, type SourceLocation } from '../../model/location.js';
import type { ConversationSpec } from '../../model/spec.js';
import { SpecError, formatPath } from '../../validation/index.js';
import type { Source } from './source.js';

/** Where a conversation's name and its `afterConversation` were written, for suite-wide errors. */
export interface ConversationRefs {
  /** Key path of the conversation's name in its file, e.g. `conversations[2].name`. */
  namePath: string;
  dependency?: { loc: SourceLocation; path: string };
}

/** A conversation as a builder returns it: the spec, and where its parts were written. */
export interface BuiltConversation {
  spec: ConversationSpec;
  refs: ConversationRefs;
}

/** A conversation name as written: where, and under which key path. */
export interface NameRef {
  name: string;
  loc: SourceLocation;
  path: string;
}

export function namesOf(built: readonly BuiltConversation[]): NameRef[] {
  return built.map(({ spec, refs }) => ({
    name: spec.name,
    loc: spec.loc ?? { file: spec.file, line: 1, col: 1 },
    path: refs.namePath,
  }));
}

/** The names of a native file that could not be loaded (`conversations[i].name` where it is a string). */
export function rawNames(source: Source): NameRef[] {
  const value = source.value;
  const list = value !== null && typeof value === 'object' && 'conversations' in value ? value.conversations : [];
  if (!Array.isArray(list)) return [];
  return list.flatMap((c: unknown, i) => {
    const name = c !== null && typeof c === 'object' && 'name' in c ? c.name : undefined;
    if (typeof name !== 'string') return [];
    const at = ['conversations', i, 'name'];
    return [{ name, loc: source.at(at, true), path: formatPath(at) }];
  });
}

/** One error at each later occurrence of a name, naming the first. */
export function duplicateNameErrors(names: readonly NameRef[]): SpecError[] {
  const first = new Map<string, NameRef>();
  const errors: SpecError[] = [];
  for (const ref of names) {
    const earlier = first.get(ref.name);
    if (!earlier) {
      first.set(ref.name, ref);
      continue;
    }
    const text = `duplicate conversation name "${ref.name}" (first defined at ${formatLocation(earlier.loc)})`;
    errors.push(new SpecError('DUPLICATE_NAME', ref.loc, ref.path, text));
  }
  return errors;
}

/** `afterConversation` of the loaded conversations must be one of `names` (every file's, errors or not). */
export function unknownDependencyErrors(
  conversations: readonly BuiltConversation[],
  names: readonly NameRef[],
): SpecError[] {
  const known = new Set(names.map((n) => n.name));
  return conversations.flatMap(({ spec: c, refs }) => {
    const dep = c.history && 'afterConversation' in c.history ? c.history.afterConversation : undefined;
    if (dep === undefined || known.has(dep)) return [];
    const ref = refs.dependency ?? { loc: c.loc ?? { file: c.file, line: 1, col: 1 }, path: 'history' };
    return [new SpecError('BAD_VALUE', ref.loc, ref.path, `no conversation named "${dep}" in the suite`)];
  });
}
