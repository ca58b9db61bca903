// Wire chunks and outputs → the model's ToolCall / ToolResponse / Transfer / Citation.
import type { JsonObject } from '../model/json.js';
import type { Citation, ToolCall, ToolResponse, Transfer } from '../model/turn.js';
import type { CitedChunk, WireToolCall, WireToolResponse } from './types.js';
import { shortName } from '../model/inventory.js';

function toolResource(t: { tool?: string; toolsetTool?: { toolset?: string; toolId?: string } }): string | undefined {
  if (t.tool) return t.tool;
  if (t.toolsetTool) return `${t.toolsetTool.toolset ?? ''}/tools/${t.toolsetTool.toolId ?? ''}`;
  return undefined;
}

function toolName(resource: string | undefined, displayName: string | undefined): string {
  if (resource) return shortName(resource);
  return displayName ?? '';
}

export function toToolCall(c: WireToolCall, origin: ToolCall['origin'], agent?: string): ToolCall {
  const resource = toolResource(c);
  const call: ToolCall = { id: c.id ?? '', name: toolName(resource, c.displayName), args: c.args ?? {}, origin };
  if (c.displayName) call.displayName = c.displayName;
  if (resource) call.resource = resource;
  if (agent) call.agent = agent;
  return call;
}

export function toToolResponse(r: WireToolResponse, agent?: string): ToolResponse {
  const resource = toolResource(r);
  const res: ToolResponse = {
    id: r.id ?? '',
    name: toolName(resource, r.displayName),
    response: r.response ?? ({} as JsonObject),
  };
  if (r.displayName) res.displayName = r.displayName;
  if (resource) res.resource = resource;
  if (agent) res.agent = agent;
  return res;
}

export function toTransfer(t: { targetAgent?: string; displayName?: string }, from?: string): Transfer {
  const resource = t.targetAgent ?? '';
  const transfer: Transfer = { to: resource ? shortName(resource) : (t.displayName ?? ''), resource };
  if (t.displayName) transfer.displayName = t.displayName;
  if (from) transfer.from = from;
  return transfer;
}

export function toCitation(c: CitedChunk): Citation {
  const out: Citation = {};
  if (c.uri !== undefined) out.uri = c.uri;
  if (c.title !== undefined) out.title = c.title;
  if (c.text !== undefined) out.text = c.text;
  if (c.requiresAttribution !== undefined) out.requiresAttribution = c.requiresAttribution;
  return out;
}
