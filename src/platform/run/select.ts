// `platform run`'s choice of evaluations: those pushed from the given specs (or every evaluation of
// the app), by tag, each with what push refuses in its spec now; and the conversations not run, as
// results (refused: `error` naming why; `skip:`: `skipped`), so every report lists them.
import type { JsonObject } from '../../model/json.js';
import type { ConversationSpec } from '../../model/spec.js';
import type { ConversationResult } from '../../model/result.js';
import type { PlatformClient } from '../grpc.js';
import { listAll } from '../list.js';
import { evaluationIdOf, placedSpec, pushedWithLosses, toEvaluation } from '../push/to-evaluation.js';
import { listInventory, UNKNOWN_INVENTORY } from '../push/inventory.js';
import { describeUse, type ConstructUse } from '../push/uses.js';
import { notRunResult, selectedOf, type ResultSubject, type SelectedEvaluation } from './results.js';
import type { PlatformRunOptions } from './index.js';

/** Specs given to `platform run` that were never pushed (and push would carry): run push first. */
export class NotPushedError extends Error {
  readonly code = 'NOT_PUSHED';
}

/** An evaluation a run may select, with what its spec loses on the platform (refused constructs). */
interface Candidate {
  evaluation: JsonObject;
  title: string;
  losses: ConstructUse[];
  /** The loaded spec it was pushed from, when the run was given specs. */
  spec?: ConversationSpec;
}

/** What the given specs (or the app) offer a run, before the tags and --lossy choose. */
interface Found {
  candidates: Candidate[];
  /** One line each for stderr: what is not run and why. */
  refused: string[];
  /** What is not run, as results: `error` (refused, with the refused constructs) or `skipped` (`skip:`). */
  notRun: ConversationResult[];
  /** Spec ids in the order of the specs (or the evaluations), so the results keep it. */
  order: string[];
}

export interface Selection extends Omit<Found, 'candidates'> {
  selected: SelectedEvaluation[];
  lossy: string[];
}

const hasTag = (tags: readonly string[], wanted: string[] | undefined): boolean =>
  !wanted?.length || tags.some((t) => wanted.includes(t));

export async function selectEvaluations(client: PlatformClient, opts: PlatformRunOptions): Promise<Selection> {
  const all = await listAll(client, 'ListEvaluations', 'evaluations');
  const { candidates, ...found } = opts.files
    ? await candidatesOfSpecs(client, all, opts)
    : { candidates: all.map((e) => candidateOf(e, [])), refused: [], notRun: [], order: [] };
  const out: Selection = { ...found, selected: [], lossy: [] };
  if (!opts.files) out.order = candidates.map((c) => selectedOf(c.evaluation).specId);
  for (const c of candidates.filter((x) => hasTag(tagsOf(x.evaluation), opts.tags))) {
    // An evaluation pushed with --lossy, or left by an earlier push of a conversation push now
    // refuses, does not check what the spec says: its PASS is no verdict of the spec without --lossy.
    const keys = c.losses.length
      ? c.losses.map((l) => l.key)
      : pushedWithLosses(c.evaluation)
        ? ['pushed with --lossy']
        : [];
    const runs = keys.length === 0 || (Boolean(opts.lossy) && !keys.includes('push.nothing'));
    const selected = selectedOf(c.evaluation, c.spec);
    if (runs) out.selected.push(selected);
    if (runs && keys.length) out.lossy.push(`${c.title} runs without what push could not carry (${keys.join(', ')})`);
    if (runs) continue;
    const lossyRuns = keys.includes('push.nothing') ? '' : ' (--lossy runs it)';
    const notRun = `its evaluation on the platform, from an earlier push, is not run${lossyRuns}`;
    out.refused.push(`${c.title} (${keys.join(', ')}): ${notRun}`);
    const why = c.losses.length
      ? `push refuses this conversation now (${c.losses.map(describeUse).join('; ')})`
      : 'it was pushed with --lossy and does not check all its spec says';
    out.notRun.push(refusedResult(c.spec ? specSubject(c.spec) : subjectOf(selected), `${why}; ${notRun}`));
  }
  return out;
}

const tagsOf = (e: JsonObject): string[] => (e['tags'] as string[] | undefined) ?? [];

const specSubject = (c: ConversationSpec): ResultSubject => ({
  specId: c.id,
  name: c.name,
  file: c.file,
  tags: c.tags,
  ...(c.loc ? { loc: c.loc } : {}),
});

const subjectOf = (s: SelectedEvaluation): ResultSubject => ({
  specId: s.specId,
  name: s.displayName,
  file: s.file,
  tags: s.tags,
});

/** A conversation the platform does not evaluate as its spec means: an `error` naming why. */
function refusedResult(subject: ResultSubject, why: string): ConversationResult {
  return notRunResult(subject, {
    status: 'error',
    error: { code: 'PLATFORM_REFUSED', message: `not run on the platform: ${why}` },
  });
}

function candidateOf(e: JsonObject, losses: ConstructUse[], spec?: ConversationSpec): Candidate {
  const s = selectedOf(e, spec);
  return { evaluation: e, title: `${s.file} › ${s.displayName}`, losses, ...(spec ? { spec } : {}) };
}

/**
 * The evaluations pushed from these specs, each with what push refuses in its conversation now.
 * Refused conversations never pushed, and skipped ones (`skip:`), are results that were not run
 * (of the selected tags); others never pushed are a NotPushedError.
 */
async function candidatesOfSpecs(client: PlatformClient, all: JsonObject[], opts: PlatformRunOptions): Promise<Found> {
  const specs: ConversationSpec[] = opts.files!.flatMap((f) => f.conversations);
  const byName = new Map(all.map((e) => [String(e['name']), e]));
  const inventory = specs.some((c) => !c.skip) ? await listInventory(client) : UNKNOWN_INVENTORY;
  const out: Found = { candidates: [], refused: [], notRun: [], order: specs.map((c) => c.id) };
  const missing: string[] = [];
  for (const c of specs) {
    const wanted = hasTag(c.tags, opts.tags);
    if (c.skip) {
      if (wanted) out.notRun.push(notRunResult(specSubject(c), { status: 'skipped', reason: c.skip }));
      continue;
    }
    const title = `${c.file} › ${c.name}`;
    const losses = toEvaluation(c, client.app, inventory, opts.specRoot).losses;
    const evaluation = byName.get(`${client.app}/evaluations/${evaluationIdOf(placedSpec(c, opts.specRoot))}`);
    if (evaluation) out.candidates.push(candidateOf(evaluation, losses, c));
    else if (losses.length && wanted) {
      out.refused.push(`${title} (${losses.map((l) => l.key).join(', ')})`);
      const why = `push refuses this conversation (${losses.map(describeUse).join('; ')})`;
      out.notRun.push(refusedResult(specSubject(c), why));
    } else if (!losses.length) missing.push(title);
  }
  if (missing.length)
    throw new NotPushedError(`not on the platform (run \`cxas-eval platform push\` first): ${missing.join(', ')}`);
  return out;
}
