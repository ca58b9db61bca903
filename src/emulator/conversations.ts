// AgentService.GetConversation / ListConversations over every session this emulator served
// (conversation id == session id, docs/protocol.md §6). Other AgentService methods stay
// UNIMPLEMENTED: grpc-js answers so for any handler we do not register.
import type * as grpc from '@grpc/grpc-js';
import type { JsonObject } from '../model/json.js';
import type { CesProtos } from '../client/proto/index.js';
import { fromProto3Json, timestampFromMs, toProto3Json } from '../client/proto/index.js';
import type { AppDefinition } from './app.js';
import type { EmulatorCore } from './core.js';
import { agentResource } from './resources.js';
import { asEmulatorError, invalidArgument, notFound } from './errors.js';
import { pageOf } from './paging.js';
import type { SessionState } from './session.js';

function conversationOf(app: AppDefinition, s: SessionState): JsonObject {
  return {
    name: `${app.app}/conversations/${s.id}`,
    startTime: timestampFromMs(s.startMs),
    endTime: timestampFromMs(s.endMs),
    turns: s.turns.map((t) => ({ messages: t.messages, rootSpan: t.rootSpan })),
    turnCount: s.turns.length,
    source: s.source,
    inputTypes: [...s.inputTypes],
    entryAgent: agentResource(app, s.entryAgent),
  };
}

/** The conversation id from `${app}/conversations/{id}`; NOT_FOUND for another app. */
function conversationId(app: AppDefinition, name: unknown): string {
  if (typeof name !== 'string' || name === '') throw invalidArgument('name is required');
  const prefix = `${app.app}/conversations/`;
  if (!name.startsWith(prefix) || name.length === prefix.length)
    throw notFound(`conversation "${name}" not found: this emulator serves "${app.app}"`);
  return name.slice(prefix.length);
}

/** Only `start_time <op> "RFC 3339"` terms joined by AND are understood (docs/protocol.md §6). */
function startTimeFilter(filter: string): (s: SessionState) => boolean {
  if (filter.trim() === '') return () => true;
  const tests = filter.split(/\s+AND\s+/i).map((term) => {
    const m = /^\s*start_time\s*(>=|<=|>|<|=)\s*"([^"]+)"\s*$/.exec(term);
    const at = m ? Date.parse(m[2]!) : NaN;
    if (!m || Number.isNaN(at))
      throw invalidArgument(
        `filter "${filter}": ` +
          'the emulator understands only start_time comparisons such as start_time > "2026-01-01T00:00:00Z"',
      );
    const op = m[1]!;
    return (s: SessionState) =>
      op === '>'
        ? s.startMs > at
        : op === '>='
          ? s.startMs >= at
          : op === '<'
            ? s.startMs < at
            : op === '<='
              ? s.startMs <= at
              : s.startMs === at;
  });
  return (s) => tests.every((t) => t(s));
}

/**
 * The sources a List asks for: `sources` when given, else `source`, else LIVE (CES: an unset
 * `source` means LIVE; `sources` replaces it). SOURCE_UNSPECIFIED asks for nothing of its own.
 */
function requestedSources(req: JsonObject): Set<string> {
  const sources = Array.isArray(req['sources']) ? (req['sources'] as string[]) : [];
  const named = sources.length ? sources : typeof req['source'] === 'string' ? [req['source']] : [];
  const asked = named.filter((s) => s !== 'SOURCE_UNSPECIFIED');
  return new Set(asked.length ? asked : ['LIVE']);
}

function listPage(core: EmulatorCore, req: JsonObject): JsonObject {
  if (req['parent'] !== core.app.app)
    throw notFound(`app "${String(req['parent'] ?? '')}" not found: this emulator serves "${core.app.app}"`);
  const sources = requestedSources(req);
  const started = startTimeFilter(String(req['filter'] ?? ''));
  const matching = core.store.all().filter((s) => sources.has(s.source) && started(s));
  const { page, nextPageToken } = pageOf(matching, req);
  return { conversations: page.map((s) => conversationOf(core.app, s)), ...(nextPageToken ? { nextPageToken } : {}) };
}

export function agentServiceImpl(core: EmulatorCore, protos: CesProtos): grpc.UntypedServiceImplementation {
  // Looked up with the first call: AgentService's part of the protos is read only if it is used.
  const Conversation = () => protos.lookupType('Conversation');
  const GetRequest = () => protos.lookupType('GetConversationRequest');
  const ListRequest = () => protos.lookupType('ListConversationsRequest');
  const ListResponse = () => protos.lookupType('ListConversationsResponse');
  return {
    GetConversation(call: grpc.ServerUnaryCall<unknown, unknown>, callback: grpc.sendUnaryData<unknown>) {
      try {
        const req = toProto3Json(GetRequest(), call.request) as JsonObject;
        const id = conversationId(core.app, req['name']);
        const session = core.store.get(id);
        if (!session) throw notFound(`conversation "${String(req['name'])}" not found`);
        callback(null, fromProto3Json(Conversation(), conversationOf(core.app, session)));
      } catch (err) {
        callback(asEmulatorError(err).toServiceError());
      }
    },
    ListConversations(call: grpc.ServerUnaryCall<unknown, unknown>, callback: grpc.sendUnaryData<unknown>) {
      try {
        callback(
          null,
          fromProto3Json(ListResponse(), listPage(core, toProto3Json(ListRequest(), call.request) as JsonObject)),
        );
      } catch (err) {
        callback(asEmulatorError(err).toServiceError());
      }
    },
  };
}
