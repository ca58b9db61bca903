// `platform push`: idempotent upsert of each conversation the platform can check with the same
// meaning as an Evaluation (others are refused with the reasons, or pushed with --lossy and the
// losses in the description), keyed by a stable id (hash of spec path + name). An existing
// evaluation is updated with an update_mask naming exactly the fields that differ (compared in
// canonical proto3 JSON), so a second push of unchanged specs writes nothing. Judge prompts
// become shared EvaluationExpectations.
import { sameJson, type JsonObject } from '../../model/json.js';
import type { ConversationSpec, SpecFile } from '../../model/spec.js';
import { fromProto3Json, loadPlatformProtos, toProto3Json } from '../../client/index.js';
import type { PlatformClient } from '../grpc.js';
import { listAll } from '../list.js';
import {
  evaluationIdOf,
  expectationIdOf,
  LOSSES_HEADER,
  placedSpec,
  specMarker,
  toEvaluation,
  type SpecRoot,
} from './to-evaluation.js';
import { listInventory, UNKNOWN_INVENTORY } from './inventory.js';
import { describeUse, type ConstructUse } from './uses.js';

export interface PushOptions {
  dryRun?: boolean;
  /** Push nothing when any conversation is refused. */
  strict?: boolean;
  /** Push refused conversations anyway, with the losses written into the description. */
  lossy?: boolean;
  /** Where the specs sit: ids and spec markers are read from the project root (default: as loaded). */
  specRoot?: SpecRoot;
}
type PushAction = 'create' | 'update' | 'unchanged' | 'skipped' | 'refused';

interface PushEntry {
  title: string;
  evaluation: string;
  action: PushAction;
  changedFields: string[];
  /** Every construct of the conversation: the fidelity table of this conversation. */
  constructs: ConstructUse[];
  /** The refused constructs (pushed anyway with --lossy, and then listed in the description). */
  losses: ConstructUse[];
  reason?: string;
}

export interface PushReport {
  entries: PushEntry[];
  expectationsCreated: number;
  strictFailed: boolean;
}

const FIELDS = ['displayName', 'description', 'tags', 'golden', 'scenario', 'evaluationMetricsThresholdOverride'];

export async function pushSpecs(
  files: readonly SpecFile[],
  client: PlatformClient,
  opts: PushOptions = {},
): Promise<PushReport> {
  const conversations = files.flatMap((f) => f.conversations).filter((c) => !c.skip);
  // Fakes and toolCall names resolve against the app's tools, transfers against its agents.
  const inventory = conversations.length ? await listInventory(client) : UNKNOWN_INVENTORY;
  const mapped = conversations.map((c) => ({ spec: c, ...toEvaluation(c, client.app, inventory, opts.specRoot) }));
  const nameOf = (m: (typeof mapped)[number]) => `${client.app}/evaluations/${m.evaluationId}`;
  const pushable = (m: (typeof mapped)[number]) =>
    m.losses.length === 0 || (Boolean(opts.lossy) && !m.losses.some((l) => l.key === 'push.nothing'));
  const strictFailed = Boolean(opts.strict) && mapped.some((m) => m.losses.length > 0);
  const report: PushReport = { entries: [], expectationsCreated: 0, strictFailed };
  const skipped = files
    .flatMap((f) => f.conversations)
    .filter((c) => c.skip)
    .map((c) => {
      const name = `${client.app}/evaluations/${evaluationIdOf(placedSpec(c, opts.specRoot))}`;
      return entry(c, name, 'skipped', [], [], [], `skip: ${c.skip}`);
    });
  if (strictFailed) {
    report.entries = [
      ...mapped.map((m) =>
        entry(m.spec, nameOf(m), 'refused', [], m.constructs, m.losses, '--strict: nothing was pushed'),
      ),
      ...skipped,
    ];
    return report;
  }
  const chosen = mapped.filter(pushable);
  const existing = await listAll(client, 'ListEvaluations', 'evaluations');
  const expectationNames = await ensureExpectations(
    client,
    chosen.flatMap((m) => m.prompts),
    opts,
    report,
  );
  for (const m of mapped) {
    const name = nameOf(m);
    const current = existingOf(existing, name, m.spec, opts.specRoot);
    if (!pushable(m)) {
      // An earlier push's evaluation is left as it was: `platform run` does not run it (README).
      const stale = current ? '; the evaluation an earlier push made stays, and platform run leaves it out' : '';
      report.entries.push(entry(m.spec, name, 'refused', [], m.constructs, m.losses, refusal(m.losses) + stale));
      continue;
    }
    const desired = canonical(
      withLosses(
        withExpectations(
          m.evaluation,
          m.prompts.map((p) => expectationNames.get(p)!),
        ),
        m.losses,
      ),
    );
    if (!current) {
      if (!opts.dryRun)
        await client.call(
          'EvaluationService',
          'CreateEvaluation',
          { parent: client.app, evaluationId: m.evaluationId, evaluation: desired },
          'parent',
        );
      report.entries.push(
        entry(
          m.spec,
          name,
          'create',
          FIELDS.filter((f) => desired[f] !== undefined),
          m.constructs,
          m.losses,
        ),
      );
      continue;
    }
    const changed = FIELDS.filter((f) => !sameJson(desired[f], canonical(current)[f]));
    if (changed.length && !opts.dryRun) {
      const body = Object.fromEntries(changed.filter((f) => desired[f] !== undefined).map((f) => [f, desired[f]!]));
      await client.call(
        'EvaluationService',
        'UpdateEvaluation',
        { evaluation: { name: current['name']!, ...body }, updateMask: changed.join(',') },
        'evaluation.name',
      );
    }
    report.entries.push(
      entry(m.spec, String(current['name']), changed.length ? 'update' : 'unchanged', changed, m.constructs, m.losses),
    );
  }
  report.entries.push(...skipped);
  return report;
}

/** The evaluation pushed earlier for this conversation: by id, else by display name and spec marker. */
function existingOf(
  existing: JsonObject[],
  name: string,
  spec: ConversationSpec,
  root: SpecRoot | undefined,
): JsonObject | undefined {
  const marker = specMarker(placedSpec(spec, root));
  return (
    existing.find((e) => e['name'] === name) ??
    existing.find((e) => e['displayName'] === spec.name && String(e['description'] ?? '').split('\n')[0] === marker)
  );
}

function refusal(losses: ConstructUse[]): string {
  if (losses.some((l) => l.key === 'push.nothing')) return 'nothing the platform can check';
  return `${losses.length} construct${losses.length === 1 ? '' : 's'} the platform cannot carry (--lossy pushes it)`;
}

/** A lossy push says in the evaluation itself what it does not check. */
function withLosses(evaluation: JsonObject, losses: ConstructUse[]): JsonObject {
  if (losses.length === 0) return evaluation;
  const lines = losses.map((l) => `- ${describeUse(l)}`);
  return {
    ...evaluation,
    description: [String(evaluation['description']), LOSSES_HEADER, ...lines].join('\n'),
  };
}

/** LLM criteria are listed on the golden or the scenario, whichever the evaluation has. */
function withExpectations(evaluation: JsonObject, names: string[]): JsonObject {
  const key = evaluation['scenario'] ? 'scenario' : 'golden';
  return {
    ...evaluation,
    [key]: { ...(evaluation[key] as JsonObject), ...(names.length ? { evaluationExpectations: names } : {}) },
  };
}

function entry(
  c: ConversationSpec,
  evaluation: string,
  action: PushAction,
  changedFields: string[],
  constructs: ConstructUse[],
  losses: ConstructUse[],
  reason?: string,
): PushEntry {
  return {
    title: `${c.file} › ${c.name}`,
    evaluation,
    action,
    changedFields,
    constructs,
    losses,
    ...(reason ? { reason } : {}),
  };
}

/** Finds or creates one EvaluationExpectation per distinct prompt; returns prompt → resource name. */
async function ensureExpectations(
  client: PlatformClient,
  prompts: string[],
  opts: PushOptions,
  report: PushReport,
): Promise<Map<string, string>> {
  const names = new Map<string, string>();
  if (prompts.length === 0) return names;
  const existing = await listAll(client, 'ListEvaluationExpectations', 'evaluationExpectations');
  for (const prompt of new Set(prompts)) {
    const id = expectationIdOf(prompt);
    const found = existing.find((e) => (e['llmCriteria'] as JsonObject | undefined)?.['prompt'] === prompt);
    const name = String(found?.['name'] ?? `${client.app}/evaluationExpectations/${id}`);
    if (!found && !opts.dryRun) {
      await client.call(
        'EvaluationService',
        'CreateEvaluationExpectation',
        {
          parent: client.app,
          evaluationExpectationId: id,
          evaluationExpectation: { displayName: id, llmCriteria: { prompt } },
        },
        'parent',
      );
      report.expectationsCreated++;
    }
    names.set(prompt, name);
  }
  return names;
}

/** The canonical proto3 JSON of an Evaluation (as the server would echo it), for comparison. */
function canonical(evaluation: JsonObject): JsonObject {
  const type = loadPlatformProtos().lookupType('Evaluation');
  return toProto3Json(type, fromProto3Json(type, evaluation)) as JsonObject;
}
