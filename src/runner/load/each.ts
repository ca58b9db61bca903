// `each:` (README "Data-driven conversations"): one written conversation becomes one conversation per
// data row, named `<name> [key=value, ...]` (or by its own `${each.key}`s), with `${each.key}` replaced
// in every string of the conversation and of the steps it uses. Done in the loader, next to
// `include:`, so plans, goldens, --grep, --list, push and convert see ordinary conversations.
import { formatLocation, quoted, type SourceLocation } from '../../model/location.js';
import { SpecError, suggestKey } from '../../validation/index.js';
import { checkExpectations, checkSettings, checkTurn } from './checks.js';
import { validateSubstituted } from './document.js';
import type { DataRow } from './each-rows.js';
import type { RawConversation } from './native.js';
import type { ExpandedTurn } from './steps.js';
import { referencesIn, substitute, type TemplateReference } from './template.js';

export interface RowConversation {
  conversation: RawConversation;
  turns: ExpandedTurn[];
  row: DataRow;
}

/** A `${each.key}` with where it was written. */
interface Reference {
  name: string;
  loc: SourceLocation;
}

export function rowConversations(
  conversation: RawConversation,
  turns: readonly ExpandedTurn[],
  rows: readonly DataRow[],
  errors: SpecError[],
): RowConversation[] {
  const { source, raw, index } = conversation;
  const { each: _rows, turns: _turns, ...template } = raw;
  const at = ['conversations', index];
  const located = (s: { source: typeof source }, refs: TemplateReference[]): Reference[] =>
    refs.map((r) => ({ name: r.name, loc: s.source.at(r.at) }));
  const refs = [
    ...located(conversation, referencesIn(template, 'each', at)),
    ...turns.flatMap((t) => located(t, referencesIn(t.raw, 'each', t.at))),
  ];
  const before = errors.length;
  errors.push(...unknownColumns(refs, rows));
  if (errors.length > before) return [];
  const out: RowConversation[] = [];
  for (const row of rows) {
    const missing = refs.filter((r) => !Object.hasOwn(row.values, r.name));
    for (const r of missing) {
      const text = `this row has no ${quoted(r.name)} (read by \${each.${r.name}} at ${formatLocation(r.loc)})`;
      errors.push(new SpecError('MISSING_KEY', row.loc, row.path, text));
    }
    if (missing.length) continue;
    const name = raw.name.includes('${each.')
      ? substitute(raw.name, 'each', row.values)
      : `${raw.name} [${label(row)}]`;
    const rowRaw = { ...substitute(template, 'each', row.values), name };
    const rowTurns = turns.map((t) =>
      referencesIn(t.raw, 'each').length ? { ...t, raw: substitute(t.raw, 'each', row.values), fromRow: true } : t,
    );
    const rowConversation = { source, raw: rowRaw, index };
    if (refs.length) errors.push(...rowProblems(rowConversation, rowTurns, row));
    out.push({ conversation: rowConversation, turns: rowTurns, row });
  }
  return out;
}

/** A `${each.key}` no row has: one error where it is read (a typo), not one per row. */
function unknownColumns(refs: readonly Reference[], rows: readonly DataRow[]): SpecError[] {
  const columns = [...new Set(rows.flatMap((r) => Object.keys(r.values)))];
  return refs
    .filter((r) => !columns.includes(r.name))
    .map((r) => {
      const near = suggestKey(r.name, columns);
      const hint = near ? `; did you mean ${quoted(near)}?` : ` (the rows have ${columns.join(', ') || 'no values'})`;
      return new SpecError(
        'UNKNOWN_KEY',
        r.loc,
        '',
        `\${each.${r.name}}: no row of each: has ${quoted(r.name)}${hint}`,
      );
    });
}

/** `city=Paris, guests=2`: every value of the row, so that two rows never share a name. */
function label(row: DataRow): string {
  return Object.entries(row.values)
    .map(([k, v]) => `${k}=${v}`)
    .join(', ');
}

/**
 * The schema and checks of the template, again with this row's values (a value can make a regex
 * invalid, or a `user:` or `contains:` empty), reported at the row, naming where the value landed.
 */
function rowProblems(conversation: RawConversation, turns: readonly ExpandedTurn[], row: DataRow): SpecError[] {
  const { source, raw, index } = conversation;
  const at = ['conversations', index];
  const problems = [
    ...validateSubstituted(source, at, raw),
    ...turns.filter((t) => t.fromRow).flatMap((t) => validateSubstituted(t.source, t.at, t.raw)),
  ];
  if (problems.length) return atRow(row, problems);
  checkSettings(source, raw, at, problems);
  checkExpectations(source, raw.expect, [...at, 'expect'], problems);
  for (const t of turns) checkTurn(t.source, t.raw, t.at, problems);
  return atRow(row, problems);
}

/** Problems a row's values made in the template, reported at the row, naming where the value landed. */
export function atRow(row: DataRow, problems: readonly SpecError[]): SpecError[] {
  return problems.map((e) => {
    const where = `${formatLocation(e.loc)}${e.path ? ` ${e.path}` : ''}`;
    return new SpecError(e.code, row.loc, row.path, `with this row, ${where}: ${e.text}`);
  });
}

/** `${each.key}` in a step used by a conversation without `each:` has nothing to read. */
export function stepRowReferences(turns: readonly ExpandedTurn[]): SpecError[] {
  return turns
    .filter((t) => t.at[0] === 'steps' && t.source.mayHaveTemplates)
    .flatMap((t) =>
      referencesIn(t.raw, 'each', t.at).map((r) => {
        const text = `\${each.${r.name}} is read only in a conversation with each:; the one using this step has none`;
        return t.source.error('BAD_VALUE', r.at, text);
      }),
    );
}
