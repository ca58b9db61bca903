// Suite-wide checks: conversation names are unique within their spec file (ids are `file#name`,
// goldens live under the file's path; the same name in two files is fine, as `convert --check`
// puts a source file and its conversion side by side), every `afterConversation` names exactly
// one conversation of the suite (it is looked up by name), and no conversation runs after itself,
// directly or through others (it could never start). Names are also taken from files with errors,
// so one pass reports every problem.
import { formatLocation, quoted, type SourceLocation } from '../../model/location.js';
import type { ConversationSpec } from '../../model/spec.js';
import type { Redactor } from '../../model/redact.js';
import { SpecError, formatPath } from '../../validation/index.js';
import type { Source } from './source.js';
import { isJsonObject as isRecord } from '../../model/json.js';

/** Where a conversation's name and its `afterConversation` were written, for suite-wide errors. */
export interface ConversationRefs {
  /** Key path of the conversation's name in its file, e.g. `conversations[2].name`. */
  namePath: string;
  /** Where the name was made, when not at the conversation's `name` (an `each:` row). */
  nameLoc?: SourceLocation;
  /** Where its `afterConversation` was written; `inherited` when in defaults shared with others. */
  dependency?: { loc: SourceLocation; path: string; inherited?: boolean };
}

/** A conversation as a builder returns it: the spec, and where its parts were written. */
export interface BuiltConversation {
  spec: ConversationSpec;
  refs: ConversationRefs;
}

/** A conversation name as written: where, and under which key path. */
export interface NameRef {
  name: string;
  /** The spec file the conversation belongs to (an included one belongs to the including file). */
  file: string;
  loc: SourceLocation;
  path: string;
}

export function namesOf(built: readonly BuiltConversation[]): NameRef[] {
  return built.map(({ spec, refs }) => ({
    name: spec.name,
    file: spec.file,
    loc: refs.nameLoc ?? spec.loc ?? { file: spec.file, line: 1, col: 1 },
    path: refs.namePath,
  }));
}

/**
 * The names of a native file's conversations as written (`conversations[i].name` where it is a
 * string): all of them, or those at `only` (not built: they have errors), belonging to `file`.
 */
export function rawNames(source: Source, only?: readonly number[], file = source.file): NameRef[] {
  return rawConversations(source, only).flatMap(([i, c]) => {
    const name = c['name'];
    if (typeof name !== 'string') return [];
    const at = ['conversations', i, 'name'];
    return [{ name, file, loc: source.at(at, true), path: formatPath(at) }];
  });
}

/** `conversations[i]` of a document as written, where they are maps: all, or those at `only`. */
function rawConversations(source: Source, only?: readonly number[]): Array<[number, Record<string, unknown>]> {
  const value = isRecord(source.value) ? source.value['conversations'] : undefined;
  if (!Array.isArray(value)) return [];
  const list: unknown[] = value;
  return (only ?? list.map((_, i) => i)).flatMap((i) => {
    const c = list[i];
    return isRecord(c) ? [[i, c]] : [];
  });
}

/** One error at each later occurrence of a name in the same spec file, naming the first. */
export function duplicateNameErrors(names: readonly NameRef[]): SpecError[] {
  const first = new Map<string, NameRef>();
  const errors: SpecError[] = [];
  for (const ref of names) {
    const key = `${ref.file}\u0000${ref.name}`;
    const earlier = first.get(key);
    if (!earlier) {
      first.set(key, ref);
      continue;
    }
    const text = `duplicate conversation name ${quoted(ref.name)} (first defined at ${formatLocation(earlier.loc)})`;
    errors.push(new SpecError('DUPLICATE_NAME', ref.loc, ref.path, text));
  }
  return errors;
}

/**
 * Conversation ids (`file#name`) stay unique once `redact:` masks them: results.json, goldens and
 * audio folders hold the masked id, and stored runs are read back by it (--last-failed, rescore,
 * replay). One error at each later conversation whose id masks like an earlier, different one
 * (`card ${each.card}` over two card numbers); the message shows names masked only.
 */
export function maskedNameErrors(names: readonly NameRef[], redactor: Redactor | undefined): SpecError[] {
  if (!redactor?.active) return [];
  const first = new Map<string, NameRef>();
  const errors: SpecError[] = [];
  for (const ref of names) {
    const key = redactor.text(`${ref.file}#${ref.name}`);
    const earlier = first.get(key);
    if (!earlier) {
      first.set(key, ref);
      continue;
    }
    if (earlier.file === ref.file && earlier.name === ref.name) continue; // a duplicate name, said above
    const text =
      `conversation name ${quoted(redactor.text(ref.name))} is the same as the one at ` +
      `${formatLocation(earlier.loc)} once redact: masks them: their results, goldens and audio would be ` +
      'taken for each other; make the names differ outside what redact: masks';
    errors.push(new SpecError('DUPLICATE_NAME', ref.loc, ref.path, text));
  }
  return errors;
}

/** An `afterConversation` as written: the name it reads, and where. */
export interface DependencyRef {
  name: string;
  loc: SourceLocation;
  path: string;
}

/** The `afterConversation` of each built conversation (a default's is reported at the default). */
export function dependenciesOf(conversations: readonly BuiltConversation[]): DependencyRef[] {
  return conversations.flatMap(({ spec: c, refs }) => {
    const dep = c.history && 'afterConversation' in c.history ? c.history.afterConversation : undefined;
    if (dep === undefined) return [];
    const ref = refs.dependency ?? { loc: c.loc ?? { file: c.file, line: 1, col: 1 }, path: 'history' };
    return [{ name: dep, loc: ref.loc, path: ref.path }];
  });
}

/**
 * The `afterConversation` strings of a native document as written, in its `defaults` and its
 * conversations (all, or those at `only`): those of parts that were not built, so that one pass
 * reports them too.
 */
export function rawDependencies(
  source: Source,
  only?: { defaults: boolean; conversations: number[] },
): DependencyRef[] {
  const defaults = isRecord(source.value) ? source.value['defaults'] : undefined;
  const owners: Array<[Array<string | number>, unknown]> = [
    ...(only && !only.defaults ? [] : [[['defaults'], defaults] as [Array<string | number>, unknown]]),
    ...rawConversations(source, only?.conversations).map(([i, c]): [Array<string | number>, unknown] => [
      ['conversations', i],
      c,
    ]),
  ];
  return owners.flatMap(([where, owner]) => {
    const history = isRecord(owner) ? owner['history'] : undefined;
    const name = isRecord(history) ? history['afterConversation'] : undefined;
    if (typeof name !== 'string') return [];
    const path = [...where, 'history', 'afterConversation'];
    return [{ name, loc: source.at(path), path: formatPath(path) }];
  });
}

/** Each `afterConversation` must name one conversation of `names` (every file's, errors or not). */
export function unknownDependencyErrors(deps: readonly DependencyRef[], names: readonly NameRef[]): SpecError[] {
  const filesOf = new Map<string, Set<string>>();
  for (const n of names) filesOf.set(n.name, (filesOf.get(n.name) ?? new Set()).add(n.file));
  return deps.flatMap((dep) => {
    const files = filesOf.get(dep.name);
    if (files?.size === 1) return [];
    const text = files
      ? `${quoted(dep.name)} is ambiguous: conversations of that name are in ${[...files].join(', ')} (rename one)`
      : `no conversation named ${quoted(dep.name)} in the suite`;
    return [new SpecError('BAD_VALUE', dep.loc, dep.path, text)];
  });
}

/**
 * One error per `afterConversation` cycle (a conversation after itself, or a -> b -> a), at the
 * reference of its first conversation in load order. Only unambiguous names are followed (the
 * others are already errors). Each conversation has at most one dependency, so one walk per
 * conversation, never revisiting one, finds every cycle in linear time.
 */
export function dependencyCycleErrors(
  conversations: readonly BuiltConversation[],
  names: readonly NameRef[],
): SpecError[] {
  const count = new Map<string, number>();
  for (const n of names) count.set(n.name, (count.get(n.name) ?? 0) + 1);
  const byName = new Map<string, BuiltConversation>();
  for (const b of conversations) if (count.get(b.spec.name) === 1) byName.set(b.spec.name, b);
  const next = (b: BuiltConversation): BuiltConversation | undefined => {
    const dep = b.spec.history && 'afterConversation' in b.spec.history ? b.spec.history.afterConversation : undefined;
    return dep === undefined ? undefined : byName.get(dep);
  };
  const done = new Set<BuiltConversation>();
  const errors: SpecError[] = [];
  for (const start of conversations) {
    const path: BuiltConversation[] = [];
    const onPath = new Set<BuiltConversation>();
    for (let cur: BuiltConversation | undefined = start; cur && !done.has(cur); cur = next(cur)) {
      if (onPath.has(cur)) {
        errors.push(cycleError(path.slice(path.indexOf(cur))));
        break;
      }
      path.push(cur);
      onPath.add(cur);
    }
    for (const b of path) done.add(b);
  }
  return errors;
}

/** The error for one cycle, `cycle` in dependency order from the conversation it is reported at. */
function cycleError(cycle: BuiltConversation[]): SpecError {
  const [{ spec, refs }] = cycle as [BuiltConversation];
  const ref = refs.dependency ?? { loc: spec.loc ?? { file: spec.file, line: 1, col: 1 }, path: 'history' };
  const text =
    cycle.length === 1
      ? `conversation ${quoted(spec.name)} would run after itself`
      : `afterConversation cycle: ${[...cycle, cycle[0]!].map((b) => b.spec.name).join(' -> ')}`;
  // A default's reference is shared: say which conversation it closes the cycle for.
  const hint = ref.inherited
    ? ` (this default history applies to ${quoted(spec.name)} too: give it a history of its own)`
    : '';
  return new SpecError('BAD_VALUE', ref.loc, ref.path, text + hint);
}
