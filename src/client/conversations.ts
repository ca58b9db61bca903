// AgentService reads of recorded conversations: GetConversation and the paged ListConversations,
// each decoded to plain JSON. Their protos load with the first call (transport.ts).
import type { Conversation } from './types.js';
import type { CallOptions, GrpcTransport } from './transport.js';
import { assertKeys } from './options.js';
import { CesInputError } from './errors.js';
import { childName } from './names.js';
import { fromWire } from './wire.js';
import { runDeadline, withinDeadline } from './execute.js';

/** Conversation.Source: who a conversation was with. */
const CONVERSATION_SOURCES = ['LIVE', 'SIMULATOR', 'EVAL', 'AGENT_TOOL'] as const;
export type ConversationSource = (typeof CONVERSATION_SOURCES)[number];

export interface ListConversationsOptions extends CallOptions {
  pageSize?: number;
  filter?: string;
  /** Which conversations to list; CES lists LIVE ones only when none is named. */
  sources?: ConversationSource[];
}

/** One conversation of the app, by id or full resource name. */
export async function getConversation(
  transport: GrpcTransport,
  appName: string,
  conversation: string,
  opts: CallOptions,
): Promise<Conversation> {
  const name = childName(appName, 'conversations', conversation, 'conversation');
  const res = await transport.unary(
    'agent',
    { method: 'getConversation', resource: name, routingKey: 'name' },
    { name },
    opts,
  );
  return fromWire(transport.protos.lookupType('Conversation'), res) as Conversation;
}

/**
 * Every conversation of the app, following nextPageToken until the last page. `timeoutMs` bounds
 * the whole listing: one deadline, set before the first page, that every page spends from.
 */
export async function listConversations(
  transport: GrpcTransport,
  appName: string,
  opts: ListConversationsOptions,
): Promise<Conversation[]> {
  assertKeys(opts, ['pageSize', 'filter', 'sources', 'signal', 'timeoutMs'], 'listConversations options');
  const { pageSize, filter, signal } = opts;
  const sources = checkedSources(opts.sources);
  const deadline = runDeadline(opts.timeoutMs);
  const type = transport.protos.lookupType('ListConversationsResponse');
  const target = { method: 'listConversations', resource: appName, routingKey: 'parent' };
  const all: Conversation[] = [];
  let pageToken: string | undefined;
  let pageNumber = 0;
  do {
    const call = withinDeadline(signal, deadline, `ListConversations ${appName} (page ${++pageNumber})`);
    const req = {
      parent: appName,
      ...(pageSize ? { pageSize } : {}),
      ...(filter ? { filter } : {}),
      ...(sources.length ? { sources } : {}),
      ...(pageToken ? { pageToken } : {}),
    };
    const page = fromWire(type, await transport.unary('agent', target, req, call)) as {
      conversations?: Conversation[];
      nextPageToken?: string;
    };
    all.push(...(page.conversations ?? []));
    pageToken = page.nextPageToken || undefined;
  } while (pageToken);
  return all;
}

function checkedSources(sources: unknown): ConversationSource[] {
  if (sources === undefined) return [];
  const known = CONVERSATION_SOURCES as readonly unknown[];
  if (!Array.isArray(sources) || !sources.every((s) => known.includes(s)))
    throw new CesInputError(`sources must be a list of ${CONVERSATION_SOURCES.join(', ')}`);
  return sources as ConversationSource[];
}
