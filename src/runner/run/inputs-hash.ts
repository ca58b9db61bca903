// A conversation's inputs as one hash (ConversationResult.inputsHash): everything it sends or that
// shapes what the agent sees — turn inputs, variables, history, session settings, tool fakes, the
// simulated user's brief — and none of what only grades it (expectations, goals' success criteria,
// name, tags, repeat). `rescore` and `run --replay` use a recording only when the hashes agree.
// File inputs (audio, blob, image) count by their path, not their bytes.
import { createHash } from 'node:crypto';
import { canonicalJson, type JsonValue } from '../../model/json.js';
import type { ConversationSpec } from '../../model/spec.js';

const cache = new WeakMap<ConversationSpec, string>();

export function conversationInputsHash(spec: ConversationSpec): string {
  let hash = cache.get(spec);
  if (hash === undefined) {
    hash = createHash('sha256')
      .update(canonicalJson(inputsOf(spec)))
      .digest('hex');
    cache.set(spec, hash);
  }
  return hash;
}

/** Only the fields that change what is sent; source positions are dropped (moving a line changes nothing). */
function inputsOf(spec: ConversationSpec): JsonValue {
  const sim = spec.simulation;
  const inputs = {
    history: spec.history,
    variables: spec.variables,
    useToolFakes: spec.useToolFakes,
    deploymentId: spec.deploymentId,
    entryAgent: spec.entryAgent,
    timeZone: spec.timeZone,
    modality: spec.modality,
    pacing: spec.pacing,
    toolFakes: spec.toolFakes,
    turns: spec.turns.map((t) => ({ input: t.input, variables: t.variables })),
    simulation: sim && {
      start: sim.start,
      persona: sim.persona,
      responseGuide: sim.responseGuide,
      maxTurns: sim.maxTurns,
      userModel: sim.userModel,
      goals: sim.goals.map(({ goal, maxTurns, responseGuide, variables }) => ({
        goal,
        maxTurns,
        responseGuide,
        variables,
      })),
    },
  };
  return JSON.parse(JSON.stringify(inputs, (key, value: unknown) => (key === 'loc' ? undefined : value))) as JsonValue;
}
