// `platform push`: idempotent upsert of each scripted conversation as an Evaluation, keyed by a
// stable id (hash of spec path + name). An existing evaluation is updated with an update_mask
// naming exactly the fields that differ (compared in canonical proto3 JSON), so a second push of
// unchanged specs writes nothing. Judge prompts become shared EvaluationExpectations.
import { sameJson, type JsonObject } from '../../model/json.js';
import type { ConversationSpec, SpecFile } from '../../model/spec.js';
import { fromProto3Json, loadPlatformProtos, toProto3Json } from '../../client/index.js';
import type { PlatformClient } from '../grpc.js';
import { listAll } from '../list.js';
import { expectationIdOf, specMarker, toEvaluation } from './to-evaluation.js';

export interface PushOptions {
  dryRun?: boolean;
  strict?: boolean;
}
export type PushAction = 'create' | 'update' | 'unchanged' | 'skipped';

export interface PushEntry {
  title: string;
  evaluation: string;
  action: PushAction;
  changedFields: string[];
  uncarried: string[];
  reason?: string;
}

export interface PushReport {
  entries: PushEntry[];
  expectationsCreated: number;
  strictFailed: boolean;
}

const FIELDS = ['displayName', 'description', 'tags', 'golden', 'scenario'];

export async function pushSpecs(
  files: readonly SpecFile[],
  client: PlatformClient,
  opts: PushOptions = {},
): Promise<PushReport> {
  const conversations = files.flatMap((f) => f.conversations);
  const mapped = conversations.map((c) => ({ spec: c, ...toEvaluation(c, client.app) }));
  const strictFailed = Boolean(opts.strict) && mapped.some((m) => !m.spec.skip && m.uncarried.length > 0);
  const report: PushReport = { entries: [], expectationsCreated: 0, strictFailed };
  if (strictFailed) {
    report.entries = mapped.map((m) =>
      entry(m.spec, `${client.app}/evaluations/${m.evaluationId}`, 'skipped', [], m.uncarried, '--strict: not pushed'),
    );
    return report;
  }
  const existing = await listAll(client, 'ListEvaluations', 'evaluations');
  const expectationNames = await ensureExpectations(
    client,
    mapped.flatMap((m) => m.prompts),
    opts,
    report,
  );
  for (const m of mapped) {
    const name = `${client.app}/evaluations/${m.evaluationId}`;
    if (m.spec.skip) {
      report.entries.push(entry(m.spec, name, 'skipped', [], m.uncarried, `skip: ${m.spec.skip}`));
      continue;
    }
    const desired = canonical(
      withExpectations(
        m.evaluation,
        m.prompts.map((p) => expectationNames.get(p)!),
      ),
    );
    const current =
      existing.find((e) => e['name'] === name) ??
      existing.find((e) => e['displayName'] === m.spec.name && e['description'] === specMarker(m.spec));
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
          m.uncarried,
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
      entry(m.spec, String(current['name']), changed.length ? 'update' : 'unchanged', changed, m.uncarried),
    );
  }
  return report;
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
  uncarried: string[],
  reason?: string,
): PushEntry {
  return {
    title: `${c.file} › ${c.name}`,
    evaluation,
    action,
    changedFields,
    uncarried,
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
