// The built-in matchers by name; test/assertions/registry-schema.test.ts keeps it equal to
// MATCHER_NAMES and to the matchers the spec schema accepts.
import { citations, citationsClaim } from './citations.js';
import { custom } from './custom.js';
import { judge } from './judge.js';
import { latency } from './latency.js';
import { noToolCalls } from './no-tool-calls.js';
import { noTransfer } from './no-transfer.js';
import type { Claimers } from './listing.js';
import { payload, payloadClaim } from './payload.js';
import { sessionEnded } from './session-ended.js';
import { text } from './text.js';
import { toolCall, toolCallClaim } from './tool-call.js';
import { toolSequence } from './tool-sequence.js';
import { transcript } from './transcript.js';
import { transfer } from './transfer.js';
import type { Matchers } from './types.js';
import { variables } from './variables.js';

export const MATCHERS: Matchers = Object.freeze({
  text,
  transcript,
  toolCall,
  noToolCalls,
  toolSequence,
  transfer,
  noTransfer,
  payload,
  variables,
  sessionEnded,
  citations,
  latency,
  custom,
  judge,
});

/** The matchers counted "exactly as often as listed" under `match: strict` (listing.ts). */
export const CLAIMERS: Claimers = Object.freeze({
  toolCall: toolCallClaim,
  payload: payloadClaim,
  citations: citationsClaim,
});
