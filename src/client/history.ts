// historicalContexts (docs/protocol.md §6): a recorded conversation cut to N turns, or the
// cxas-scrapi shorthand list. Both become plain `Message`s for SessionConfig.historicalContexts.
import type { Conversation, Message } from './types.js';
import type { CallOptions } from './transport.js';
import { CesInputError } from './errors.js';
import { isPlainObject } from './wire.js';
import { assertKeys, type RunOptions } from './options.js';

/** Reads a recorded conversation by id (GetConversation), within the run's signal and what is left of its timeout. */
export type FetchConversation = (conversation: string, call: CallOptions) => Promise<Conversation>;

/**
 * A run's historicalContexts and turnCount checked together and turned into Messages: undefined
 * when there is none, the shorthand list converted, a conversation id fetched (with `call`, which
 * the caller bounds by the run's deadline) and cut to turnCount.
 */
export async function resolveHistory(
  opts: RunOptions,
  fetch: FetchConversation,
  call: CallOptions,
): Promise<Message[] | undefined> {
  const { historicalContexts: h, turnCount } = opts;
  if (turnCount !== undefined && (!Number.isInteger(turnCount) || turnCount < 0))
    throw new CesInputError('turnCount must be a non-negative integer');
  if (h === undefined) {
    if (turnCount !== undefined) throw new CesInputError('turnCount needs historicalContexts (a conversation id)');
    return undefined;
  }
  if (typeof h !== 'string') {
    if (turnCount !== undefined)
      throw new CesInputError('turnCount applies only when historicalContexts is a conversation id');
    return historyFromShorthand(h);
  }
  return historyFromConversation(await fetch(h, call), turnCount);
}

/** Every message of the first `turnCount` turns (all turns when unset or 0), without eventTime. */
function historyFromConversation(conv: Conversation, turnCount?: number): Message[] {
  const turns = conv.turns ?? [];
  const kept = turnCount && turnCount > 0 ? turns.slice(0, turnCount) : turns;
  // Old conversations only carry the deprecated flat `messages` list.
  const messages = kept.length > 0 || !conv.messages ? kept.flatMap((t) => t.messages ?? []) : conv.messages;
  return messages.map((m) => ({ role: m.role ?? '', chunks: m.chunks ?? [] }));
}

/** `{user}` / `{agent|model, name?, text?}` / `{role, chunks}` → Message; anything else is an error. */
function historyFromShorthand(list: unknown): Message[] {
  if (!Array.isArray(list))
    throw new CesInputError('historicalContexts must be a conversation id or a list of messages');
  return list.map((entry, i) => shorthandToMessage(entry, `historicalContexts[${i}]`));
}

function shorthandToMessage(entry: unknown, where: string): Message {
  if (!isPlainObject(entry))
    throw new CesInputError(`${where} must be an object such as {user: "..."} or {agent: "...", name?}`);
  if ('role' in entry || 'chunks' in entry) {
    assertKeys(entry, ['role', 'chunks'], where);
    if (typeof entry['role'] !== 'string' || !Array.isArray(entry['chunks'])) {
      throw new CesInputError(`${where} needs a string "role" and a "chunks" list`);
    }
    return { role: entry['role'], chunks: entry['chunks'] };
  }
  if ('user' in entry) {
    assertKeys(entry, ['user'], where);
    return { role: 'user', chunks: [{ text: String(entry['user']) }] };
  }
  const speaker = 'agent' in entry ? 'agent' : 'model' in entry ? 'model' : undefined;
  if (!speaker) throw new CesInputError(`${where} needs one of "user", "agent", "model" or "role"+"chunks"`);
  assertKeys(entry, [speaker, 'name', 'text'], where);
  const text = entry['text'] ?? entry[speaker];
  if (typeof text !== 'string')
    throw new CesInputError(`${where} needs the ${speaker}'s text as a string (in "${speaker}" or "text")`);
  const name = entry['name'];
  if (name !== undefined && typeof name !== 'string') throw new CesInputError(`${where}.name must be a string`);
  // cxas-scrapi's default role for an unnamed agent turn.
  return { role: name ?? 'model', chunks: [{ text }] };
}
