// AgentService ListAgents / ListTools / ListToolsets / ListGuardrails / GetApp, served from the app
// YAML on v1 and v1beta (paged like CES), so a client lists an emulated app exactly as a real one.
// CES has no emulator routes: agents' `transfer:` actions become child_agents, the tools their
// routes call become the agent's tools, declared and route-set variables the variable declarations.
import type * as grpc from '@grpc/grpc-js';
import type { CesProtos } from '../client/proto/index.js';
import { fromProto3Json, toProto3Json } from '../client/proto/index.js';
import type { JsonObject } from '../model/json.js';
import type { AppDefinition } from './app.js';
import { agentResources, appResource, toolResources } from './resources.js';
import { asEmulatorError, notFound } from './errors.js';
import { pageOf } from './paging.js';
import { checkParent } from './tool-service.js';

type Handler = (request: JsonObject) => JsonObject;

function listed(app: AppDefinition, key: string, items: () => JsonObject[]): Handler {
  return (req) => {
    checkParent(app, req['parent']);
    const { page, nextPageToken } = pageOf(items(), req);
    return { [key]: page, ...(nextPageToken ? { nextPageToken } : {}) };
  };
}

function unary(protos: CesProtos, method: string, handle: Handler): grpc.handleUnaryCall<unknown, unknown> {
  // Looked up with the first call: AgentService's part of the protos is read only if it is used.
  const requestType = () => protos.lookupType(`${method}Request`);
  const responseType = () => protos.lookupType(method === 'GetApp' ? 'App' : `${method}Response`);
  return (call, callback) => {
    try {
      callback(null, fromProto3Json(responseType(), handle(toProto3Json(requestType(), call.request) as JsonObject)));
    } catch (err) {
      callback(asEmulatorError(err).toServiceError());
    }
  };
}

/** The inventory methods of AgentService for one API version. */
export function inventoryServiceImpl(app: AppDefinition, protos: CesProtos): grpc.UntypedServiceImplementation {
  const handlers: Record<string, Handler> = {
    ListAgents: listed(app, 'agents', () => agentResources(app)),
    ListTools: listed(app, 'tools', () => toolResources(app)),
    ListToolsets: listed(app, 'toolsets', () => []),
    ListGuardrails: listed(app, 'guardrails', () => []),
    GetApp: (req) => {
      if (req['name'] !== app.app)
        throw notFound(`app "${String(req['name'] ?? '')}" not found: this emulator serves "${app.app}"`);
      return appResource(app);
    },
  };
  return Object.fromEntries(Object.entries(handlers).map(([method, h]) => [method, unary(protos, method, h)]));
}
