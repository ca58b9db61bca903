// cxas-scrapi `historical_contexts` in every documented shape → HistorySpec, with `turn_count`
// where it applies.
import type { HistoryEntry as HistoryEntrySpec, HistorySpec } from '../../model/spec.js';
import type { SpecError } from '../../validation/index.js';
import type { Path, ScrapiContext } from './context.js';
import type { Case, History, HistoryEntry, SessionConfig } from './turn-eval-document.generated.js';

function toHistory(raw: History | undefined, turnCount: number | undefined): HistorySpec | undefined {
  if (raw === undefined) return undefined;
  const recorded = (id: string): HistorySpec => ({ conversation: id, ...(turnCount ? { turns: turnCount } : {}) });
  if (typeof raw === 'string') return recorded(raw);
  if (Array.isArray(raw)) return { entries: raw.map(toEntry) };
  if (raw.session_id !== undefined) return recorded(raw.session_id);
  if (raw.test_name !== undefined) return { afterConversation: raw.test_name };
  // The schema requires exactly one of session_id, test_name and utterances.
  return { entries: (raw.utterances ?? []).map(toEntry) };
}

/**
 * A test's history (its own `historical_contexts`, its config's, else the top-level config's) with
 * `turn_count` where it applies. cxas-scrapi cut only a recorded conversation to `turn_count` turns;
 * anywhere else the key is refused at file:line:col rather than dropped.
 */
export function caseHistory(ctx: ScrapiContext, c: Case, top: SessionConfig, at: Path): HistorySpec | undefined {
  const raw = historyOf(c, top);
  const count = turnCountOf(c, top, at);
  if (count && !isRecorded(raw)) refuseTurnCount(ctx, raw, count.at);
  return toHistory(raw, isRecorded(raw) ? count?.value : undefined);
}

/** A top-level `config.turn_count` is a default: an error only when no test takes it. */
export function checkTopTurnCount(ctx: ScrapiContext, cases: Case[], top: SessionConfig): void {
  if (top.turn_count === undefined) return;
  const takes = (c: Case) =>
    c.turn_count === undefined && c.config?.turn_count === undefined && isRecorded(historyOf(c, top));
  if (!cases.some(takes))
    pushOnce(
      ctx,
      ctx.source.error(
        'BAD_VALUE',
        ['config', 'turn_count'],
        'turn_count applies to no test: none has historical_contexts naming a recorded conversation ' +
          '(an id or {session_id}), and cxas-scrapi ignored it there; remove it',
      ),
    );
}

function historyOf(c: Case, top: SessionConfig): History | undefined {
  return c.historical_contexts ?? c.config?.historical_contexts ?? top.historical_contexts;
}

/** A conversation id (a string or `{session_id}`): the only history cxas-scrapi cut to `turn_count`. */
function isRecorded(raw: History | undefined): boolean {
  return typeof raw === 'string' || (typeof raw === 'object' && !Array.isArray(raw) && raw.session_id !== undefined);
}

/** The test's `turn_count` and where it was written: its own, its config's, else the top-level config's. */
function turnCountOf(c: Case, top: SessionConfig, at: Path): { value: number; at: Path } | undefined {
  if (c.turn_count !== undefined) return { value: c.turn_count, at: [...at, 'turn_count'] };
  if (c.config?.turn_count !== undefined) return { value: c.config.turn_count, at: [...at, 'config', 'turn_count'] };
  if (top.turn_count !== undefined) return { value: top.turn_count, at: ['config', 'turn_count'] };
  return undefined;
}

function refuseTurnCount(ctx: ScrapiContext, raw: History | undefined, countAt: Path): void {
  const dependency = typeof raw === 'object' && !Array.isArray(raw) && raw.test_name !== undefined;
  // The top-level default not applying to a test without a recorded conversation loses nothing:
  // cxas-scrapi ignored it there too (checkTopTurnCount reports a default no test takes).
  if (!dependency && countAt[0] === 'config') return;
  const text = dependency
    ? 'turn_count with historical_contexts: {test_name} is not supported: the history is the whole ' +
      'session of the named test (native history: {afterConversation}), which cannot be cut to N turns; ' +
      'remove turn_count'
    : `turn_count needs historical_contexts naming a recorded conversation (an id or {session_id}); ` +
      `cxas-scrapi ignored it ${raw === undefined ? 'without historical_contexts' : 'with a list of utterances'}; ` +
      'remove it';
  pushOnce(ctx, ctx.source.error('BAD_VALUE', countAt, text));
}

/** A top-level default shared by several tests is reported once. */
function pushOnce(ctx: ScrapiContext, error: SpecError): void {
  if (!ctx.errors.some((e) => e.message === error.message)) ctx.errors.push(error);
}

/** The Sessions shorthand: `{agent|model, name?, text?}` takes `text` over the agent value (§1.4). */
function toEntry(e: HistoryEntry): HistoryEntrySpec {
  if (e.user !== undefined) return { user: String(e.user) };
  if (e.role !== undefined) return { role: e.role, chunks: e.chunks ?? [] };
  const said = e.agent ?? e.model;
  const text = e.text ?? String(said ?? '');
  return e.name !== undefined ? { agent: text, name: e.name } : { agent: text };
}
