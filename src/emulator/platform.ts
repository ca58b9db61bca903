// The emulator's v1beta platform services: EvaluationService (evaluations, expectations, runs,
// results), google.longrunning.Operations (RunEvaluation's operations) and ToolService.ExecuteTool.
// (AgentService.ListTools, which tool tests use to resolve display names, is inventory-service.ts.)
import type * as grpc from '@grpc/grpc-js';
import { loadPlatformProtos } from '../client/proto/index.js';
import type { JsonObject } from '../model/json.js';
import type { EmulatorCore } from './core.js';
import { invalidArgument, notFound } from './errors.js';
import { EvaluationRuns, type EvaluationRunOptions } from './evaluation-runs.js';
import { ResourceCollection } from './evaluation-store.js';
import { pageOf } from './paging.js';
import { platformServiceImpl } from './platform-handlers.js';
import { executeTool } from './tool-service.js';

export type { EvaluationRunOptions } from './evaluation-runs.js';

export interface PlatformServices {
  register(server: Pick<grpc.Server, 'addService'>): void;
}

export function platformServices(core: EmulatorCore, opts: EvaluationRunOptions = {}): PlatformServices {
  const protos = loadPlatformProtos();
  const evaluations = new ResourceCollection(core.app, 'evaluations', 'evaluation');
  const expectations = new ResourceCollection(core.app, 'evaluationExpectations', 'evaluation expectation');
  const runs = new EvaluationRuns(core, evaluations, expectations, opts);
  const evaluationService = platformServiceImpl(protos, 'EvaluationService', {
    CreateEvaluation: (req) => evaluations.create(req, 'evaluation', 'evaluationId'),
    GetEvaluation: (req) => evaluations.get(req['name']),
    ListEvaluations: (req) => evaluations.list(req, 'evaluations'),
    UpdateEvaluation: (req) => evaluations.update(req, 'evaluation'),
    DeleteEvaluation: (req) => evaluations.delete(req['name']),
    CreateEvaluationExpectation: (req) => expectations.create(req, 'evaluationExpectation', 'evaluationExpectationId'),
    GetEvaluationExpectation: (req) => expectations.get(req['name']),
    ListEvaluationExpectations: (req) => expectations.list(req, 'evaluationExpectations'),
    UpdateEvaluationExpectation: (req) => expectations.update(req, 'evaluationExpectation'),
    DeleteEvaluationExpectation: (req) => expectations.delete(req['name']),
    RunEvaluation: (req) => runs.start(req),
    GetEvaluationRun: (req) => runs.getRun(req),
    ListEvaluationRuns: (req) => listRuns(runs, core.app.app, req),
    GetEvaluationResult: (req) => resultNamed(runs, req['name']),
    ListEvaluationResults: (req) => listResults(runs, core.app.app, req),
  });
  const operations = platformServiceImpl(protos, 'Operations', { GetOperation: (req) => runs.getOperation(req) });
  const tools = platformServiceImpl(protos, 'ToolService', { ExecuteTool: (req) => executeTool(core.app, req) });
  return {
    register(server) {
      server.addService(protos.EvaluationService.service, evaluationService);
      server.addService(protos.Operations.service, operations);
      server.addService(protos.ToolService.service, tools);
    },
  };
}

function resultNamed(runs: EvaluationRuns, name: unknown): JsonObject {
  const found = typeof name === 'string' ? runs.results.get(name) : undefined;
  if (!found) throw notFound(`evaluation result "${String(name ?? '')}" not found`);
  return found;
}

function listRuns(runs: EvaluationRuns, app: string, req: JsonObject): JsonObject {
  if (req['parent'] !== app)
    throw notFound(`app "${String(req['parent'] ?? '')}" not found: this emulator serves "${app}"`);
  const { page, nextPageToken } = pageOf(
    [...runs.runs.values()].map((s) => s.run),
    req,
  );
  return { evaluationRuns: page, ...(nextPageToken ? { nextPageToken } : {}) };
}

/** parent: an evaluation, or `${app}/evaluations/-` with filter `evaluation_run="<run name>"`. */
function listResults(runs: EvaluationRuns, app: string, req: JsonObject): JsonObject {
  const parent = String(req['parent'] ?? '');
  if (!parent.startsWith(`${app}/evaluations/`)) throw notFound(`"${parent}" is not an evaluation of ${app}`);
  const filter = String(req['filter'] ?? '').trim();
  const m = /^evaluation_run\s*=\s*"([^"]+)"$/.exec(filter);
  if (filter !== '' && !m)
    throw invalidArgument(`filter "${filter}": the emulator understands only evaluation_run="<run name>"`);
  const all = [...runs.results.values()].filter(
    (r) =>
      (parent.endsWith('/-') || (r['name'] as string).startsWith(`${parent}/results/`)) &&
      (!m || r['evaluationRun'] === m[1]),
  );
  const { page, nextPageToken } = pageOf(all, req);
  return { evaluationResults: page, ...(nextPageToken ? { nextPageToken } : {}) };
}
