// `platform run`'s choice of evaluations: those pushed from the given specs (or every evaluation of
// the app), by the run's selection (src/model/selection.ts, the rules `run` selects by), each with
// what push refuses in its spec now; and the conversations not run, as results (refused: `error`
// naming why; `skip:`: `skipped`), so every report lists them.
import type { JsonObject } from '../../model/json.js';
import type { ConversationSpec } from '../../model/spec.js';
import type { ConversationResult } from '../../model/result.js';
import { selector, type Selectable } from '../../model/selection.js';
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

/** What the given specs (or the app) offer a run, selected, before --lossy chooses. */
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

export async function selectEvaluations(client: PlatformClient, opts: PlatformRunOptions): Promise<Selection> {
  const all = await listAll(client, 'ListEvaluations', 'evaluations');
  const selects = selector(opts.selection ?? {});
  const { candidates, ...found } = opts.files
    ? await candidatesOfSpecs(client, all, opts, selects)
    : candidatesOfApp(all, selects);
  const out: Selection = { ...found, selected: [], lossy: [] };
  for (const c of candidates) {
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

/**
 * Every evaluation of the app the selection keeps, read as a result of it is reported: its tags, and
 * the `file › name` its description names (an evaluation not pushed by cxas-eval: its resource name
 * and display name).
 */
function candidatesOfApp(all: JsonObject[], selects: (s: Selectable) => boolean): Found {
  const candidates = all.filter((e) => {
    const s = selectedOf(e);
    return selects({ id: s.specId, file: s.file, name: s.displayName, tags: s.tags });
  });
  const order = candidates.map((e) => selectedOf(e).specId);
  return { candidates: candidates.map((e) => candidateOf(e, [])), refused: [], notRun: [], order };
}

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
 * The evaluations pushed from the selected conversations of these specs (selected by the spec, as
 * `run` selects them), each with what push refuses in its conversation now. Refused conversations
 * never pushed, and skipped ones (`skip:`), are results that were not run; others never pushed are
 * a NotPushedError.
 */
async function candidatesOfSpecs(
  client: PlatformClient,
  all: JsonObject[],
  opts: PlatformRunOptions,
  selects: (s: Selectable) => boolean,
): Promise<Found> {
  const specs: ConversationSpec[] = opts.files!.flatMap((f) => f.conversations).filter(selects);
  const byName = new Map(all.map((e) => [String(e['name']), e]));
  const inventory = specs.some((c) => !c.skip) ? await listInventory(client) : UNKNOWN_INVENTORY;
  const out: Found = { candidates: [], refused: [], notRun: [], order: specs.map((c) => c.id) };
  const missing: string[] = [];
  for (const c of specs) {
    if (c.skip) {
      out.notRun.push(notRunResult(specSubject(c), { status: 'skipped', reason: c.skip }));
      continue;
    }
    const title = `${c.file} › ${c.name}`;
    const losses = toEvaluation(c, client.app, inventory, opts.specRoot).losses;
    const evaluation = byName.get(`${client.app}/evaluations/${evaluationIdOf(placedSpec(c, opts.specRoot))}`);
    if (evaluation) out.candidates.push(candidateOf(evaluation, losses, c));
    else if (losses.length) {
      out.refused.push(`${title} (${losses.map((l) => l.key).join(', ')})`);
      const why = `push refuses this conversation (${losses.map(describeUse).join('; ')})`;
      out.notRun.push(refusedResult(specSubject(c), why));
    } else if (!losses.length) missing.push(title);
  }
  if (missing.length)
    throw new NotPushedError(`not on the platform (run \`cxas-eval platform push\` first): ${missing.join(', ')}`);
  return out;
}
