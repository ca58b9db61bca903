// The JSONPath subset tool tests use (cxas-scrapi writes `$.result.items[0].id`): `$`, `.key`,
// `['key']` / `["key"]`, `[n]` and `[*]` / `.*`. One parser, shared by the spec loader (which
// reports a bad path at its file:line:col) and the tool-test runner.
import type { JsonValue } from './json.js';

export type PathStep = { key: string } | { index: number } | { wildcard: true };

const STEP = /^(?:\.([A-Za-z_$][\w$-]*)|\.\*|\[\*\]|\[(-?\d+)\]|\['((?:[^'\\]|\\.)*)'\]|\["((?:[^"\\]|\\.)*)"\])/;

/** Parses `path`; throws an Error naming the first character it does not understand. */
export function parseJsonPath(path: string): PathStep[] {
  if (!path.startsWith('$')) throw new Error(`JSONPath "${path}" must start with "$"`);
  const steps: PathStep[] = [];
  let rest = path.slice(1);
  while (rest.length) {
    const m = STEP.exec(rest);
    if (!m) throw new Error(`JSONPath "${path}": cannot read "${rest}" (supported: .key, ['key'], [n], [*])`);
    if (m[1] !== undefined) steps.push({ key: m[1] });
    else if (m[2] !== undefined) steps.push({ index: Number(m[2]) });
    else if (m[3] !== undefined || m[4] !== undefined) steps.push({ key: (m[3] ?? m[4])!.replace(/\\(.)/g, '$1') });
    else steps.push({ wildcard: true });
    rest = rest.slice(m[0].length);
  }
  return steps;
}

/** Every value the path selects (none when it leads nowhere). */
export function selectJsonPath(root: JsonValue, steps: PathStep[]): JsonValue[] {
  let nodes: JsonValue[] = [root];
  for (const step of steps) {
    const next: JsonValue[] = [];
    for (const node of nodes) {
      if ('wildcard' in step) {
        if (Array.isArray(node)) next.push(...node);
        else if (node && typeof node === 'object') next.push(...Object.values(node));
      } else if ('index' in step) {
        if (Array.isArray(node)) {
          const v = node[step.index < 0 ? node.length + step.index : step.index];
          if (v !== undefined) next.push(v);
        }
      } else if (node && typeof node === 'object' && !Array.isArray(node) && step.key in node) {
        next.push(node[step.key]!);
      }
    }
    nodes = next;
  }
  return nodes;
}
