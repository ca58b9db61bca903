// ToolService.ExecuteTool: runs one of the app's tools directly, outside any session, as tool tests
// do against CES.
import type { JsonObject } from '../model/json.js';
import type { AppDefinition, ToolDefinition } from './app.js';
import { toolResource } from './resources.js';
import { EmulatorError, failedPrecondition, invalidArgument, notFound } from './errors.js';
import { status as GrpcStatus } from '@grpc/grpc-js';
import { renderJson, renderObject, type TemplateScope } from './template.js';
import { answerFor } from './tools.js';

export function checkParent(app: AppDefinition, parent: unknown): void {
  if (parent !== app.app) throw notFound(`app "${String(parent ?? '')}" not found: this emulator serves "${app.app}"`);
}

function toolKey(app: AppDefinition, req: JsonObject): string {
  if (req['toolsetTool'] !== undefined)
    throw new EmulatorError(GrpcStatus.UNIMPLEMENTED, 'the emulator has no toolsets: name a tool');
  const name = req['tool'];
  if (typeof name !== 'string' || name === '') throw invalidArgument('tool is required (projects/../apps/../tools/..)');
  const prefix = `${app.app}/tools/`;
  const key = name.startsWith(prefix) ? name.slice(prefix.length) : undefined;
  if (key === undefined || !app.tools?.[key]) throw notFound(`tool "${name}" not found in ${app.app}`);
  return key;
}

/**
 * The tool's answer as in a session (tools.ts: a matching `answers` entry, else `fake` when
 * mock_config is given — the emulator's stand-in for mocked calls — else `error`, else `response`),
 * rendered with the app's default variables overlaid by the request's. An error answer comes back
 * as the response `{error}`, as the platform reports a failing tool.
 */
export function executeTool(app: AppDefinition, req: JsonObject): JsonObject {
  checkParent(app, req['parent']);
  const key = toolKey(app, req);
  const def: ToolDefinition = app.tools![key]!;
  if (def.client) throw failedPrecondition(`tool "${key}" is a client function: the client runs it, not the server`);
  if (req['context'] !== undefined)
    throw new EmulatorError(GrpcStatus.UNIMPLEMENTED, 'the emulator executes tools with variables, not context');
  const variables = {
    ...structuredClone(app.variables ?? {}),
    ...((req['variables'] as JsonObject | undefined) ?? {}),
  };
  const args = (req['args'] as JsonObject | undefined) ?? {};
  const answer = answerFor(def, args, req['mockConfig'] !== undefined);
  const scope: TemplateScope = { vars: variables, input: {}, tool: {} };
  let response: JsonObject;
  try {
    response = 'error' in answer ? { error: renderJson(answer.error, scope) } : renderObject(answer.response, scope);
  } catch (err) {
    throw failedPrecondition(`tool "${key}" cannot answer outside a conversation: ${(err as Error).message}`);
  }
  return { tool: toolResource(app, key), response, variables };
}
