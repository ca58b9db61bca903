// Turns loaded spec files into the ordered list of conversation runs: select (grep, tags, filter),
// shard deterministically, expand repeats, and put dependencies (scrapi `test_name`) first.
import type { ConversationSpec, SpecFile } from '../../model/spec.js';
import { selector, type Selection } from '../../model/selection.js';
import type { ConversationPlan } from './conversation.js';

/** The selection (src/model/selection.ts: the same rules as tool tests), then sharding and repeats. */
export interface PlanOptions extends Selection {
  /** 1-based shard index and shard count. */
  shard?: { index: number; total: number };
  /** Overrides every conversation's repeat count. */
  repeat?: number;
}

export interface Plan {
  runs: ConversationPlan[];
  /** Conversations selected before sharding (for messages). */
  selected: number;
}

export function planRuns(files: readonly SpecFile[], opts: PlanOptions = {}): Plan {
  const all = files.flatMap((f) => f.conversations);
  const selected = all.filter(selector(opts));
  const withDeps = addDependencies(selected, all);
  const sharded = opts.shard ? shardOf(withDeps, opts.shard) : withDeps;
  const ordered = dependenciesFirst(sharded);
  const runs = ordered.flatMap((spec) => {
    const repeat = Math.max(1, opts.repeat ?? spec.repeat);
    const s = repeat === spec.repeat ? spec : { ...spec, repeat };
    return Array.from({ length: repeat }, (_, runIndex) => ({ id: `${spec.id}#${runIndex}`, spec: s, runIndex }));
  });
  return { runs, selected: selected.length };
}

/** A selected conversation that depends on another pulls the dependency into the run. */
function addDependencies(selected: ConversationSpec[], all: ConversationSpec[]): ConversationSpec[] {
  const byName = new Map(all.map((c) => [c.name, c]));
  const out = new Set(selected);
  const queue = [...selected];
  while (queue.length) {
    const dep = dependencyName(queue.pop()!);
    const target = dep ? byName.get(dep) : undefined;
    if (target && !out.has(target)) {
      out.add(target);
      queue.push(target);
    }
  }
  return all.filter((c) => out.has(c));
}

export function dependencyName(c: ConversationSpec): string | undefined {
  return c.history && 'afterConversation' in c.history ? c.history.afterConversation : undefined;
}

/**
 * Round-robin over conversations sorted by id: deterministic for the same suite on every machine,
 * and balanced. A dependency chain stays in one shard (it is keyed by its root).
 */
function shardOf(specs: ConversationSpec[], shard: { index: number; total: number }): ConversationSpec[] {
  const byName = new Map(specs.map((c) => [c.name, c]));
  const rootOf = (c: ConversationSpec): string => {
    const seen = new Set<string>();
    let cur = c;
    for (let dep = dependencyName(cur); dep && byName.has(dep) && !seen.has(dep); dep = dependencyName(cur)) {
      seen.add(dep);
      cur = byName.get(dep)!;
    }
    return cur.id;
  };
  const roots = [...new Set(specs.map(rootOf))].sort();
  const mine = new Set(roots.filter((_, i) => i % shard.total === shard.index - 1));
  return specs.filter((c) => mine.has(rootOf(c)));
}

/** Stable topological order: each conversation after the one it depends on. */
function dependenciesFirst(specs: ConversationSpec[]): ConversationSpec[] {
  const byName = new Map(specs.map((c) => [c.name, c]));
  const out: ConversationSpec[] = [];
  const done = new Set<ConversationSpec>();
  const visit = (c: ConversationSpec, stack: Set<ConversationSpec>): void => {
    if (done.has(c) || stack.has(c)) return;
    stack.add(c);
    const dep = dependencyName(c);
    const target = dep ? byName.get(dep) : undefined;
    if (target) visit(target, stack);
    done.add(c);
    out.push(c);
  };
  for (const c of specs) visit(c, new Set());
  return out;
}

/** Required pass rate of each repeated conversation (by spec id) that sets one. */
export function passRatesOf(runs: readonly { spec: Pick<ConversationSpec, 'id' | 'passRate'> }[]): Map<string, number> {
  return new Map(runs.flatMap((r) => (r.spec.passRate !== undefined ? [[r.spec.id, r.spec.passRate] as const] : [])));
}
