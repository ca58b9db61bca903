// `${each.key}` (a data row of `each:`) and `${with.key}` (a parameter of a `use:`d step) in string
// scalars. Replaced after the schema accepted the template: a string stays a string, so the shape the
// schema checked (and the document types say) still holds; what a value says (an empty one) is
// checked again where it is put in (document.ts validateSubstituted).

export type TemplateScope = 'each' | 'with';
export type ValuePath = Array<string | number>;

/** One `${scope.name}` written somewhere in a value, with the key path of its string. */
export interface TemplateReference {
  name: string;
  at: ValuePath;
}

const PATTERNS: Record<TemplateScope, RegExp> = {
  each: /\$\{each\.([A-Za-z_][\w-]*)\}/g,
  with: /\$\{with\.([A-Za-z_][\w-]*)\}/g,
};

/** Every reference of `scope` in the strings of `value` (keys are not templates). */
export function referencesIn(value: unknown, scope: TemplateScope, at: ValuePath = []): TemplateReference[] {
  const out: TemplateReference[] = [];
  visitStrings(value, at, (text, where) => {
    for (const m of text.matchAll(PATTERNS[scope])) out.push({ name: m[1]!, at: where });
  });
  return out;
}

/**
 * The first reference of `scope` in each mapping key of `value`, `at` the key: keys are never
 * substituted (a substituted key could break the shape the schema checked), so each is a mistake.
 */
export function referencesInKeys(value: unknown, scope: TemplateScope, at: ValuePath = []): TemplateReference[] {
  const out: TemplateReference[] = [];
  const pattern = new RegExp(PATTERNS[scope].source);
  const visit = (node: unknown, where: ValuePath): void => {
    if (Array.isArray(node)) node.forEach((v: unknown, i) => visit(v, [...where, i]));
    else if (node !== null && typeof node === 'object') {
      for (const [k, v] of Object.entries(node)) {
        const found = pattern.exec(k);
        if (found) out.push({ name: found[1]!, at: [...where, k] });
        visit(v, [...where, k]);
      }
    }
  };
  visit(value, at);
  return out;
}

/**
 * A deep copy of `value` with the references of `scope` that `values` names replaced; others are
 * left as written (callers report them).
 */
export function substitute<T>(value: T, scope: TemplateScope, values: Readonly<Record<string, string>>): T {
  const rewrite = (text: string): string =>
    text.replace(PATTERNS[scope], (whole, name: string) => (Object.hasOwn(values, name) ? values[name]! : whole));
  const copy = structuredClone(value);
  // A string is copied by value: it is rewritten through its holder, the one-element list.
  const holder = [copy];
  rewriteStrings(holder, rewrite);
  return holder[0]!;
}

/** The distinct names of a list of references, in order of first use. */
export function referencedNames(refs: readonly TemplateReference[]): string[] {
  return [...new Set(refs.map((r) => r.name))];
}

/**
 * Row and parameter values are scalars; the text they stand for is as written: `written(key)` says
 * how a number or boolean was written where its value reads otherwise (`pin: 0042` is 42, `price:
 * 2.50` is 2.5), so `${each.pin}` sends the digits written, as a CSV row does.
 */
export function asText(
  values: Readonly<Record<string, string | number | boolean>>,
  written: (key: string) => string | undefined = () => undefined,
): Record<string, string> {
  return Object.fromEntries(
    Object.entries(values).map(([k, v]) => [k, typeof v === 'string' ? v : (written(k) ?? String(v))]),
  );
}

function visitStrings(value: unknown, at: ValuePath, visit: (text: string, at: ValuePath) => void): void {
  if (typeof value === 'string') visit(value, at);
  else if (Array.isArray(value)) value.forEach((v: unknown, i) => visitStrings(v, [...at, i], visit));
  else if (value !== null && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) visitStrings(v, [...at, k], visit);
  }
}

/** Replaces, in place, every string held by an object or array inside `node`. */
function rewriteStrings(node: unknown, rewrite: (text: string) => string): void {
  if (node === null || typeof node !== 'object') return;
  for (const [k, v] of Object.entries(node)) {
    if (typeof v === 'string') Reflect.set(node, k, rewrite(v));
    else rewriteStrings(v, rewrite);
  }
}
