// Evaluation.scenario → a `simulation:` conversation (the inverse of push/to-scenario.ts).
import type { JsonObject } from '../../model/json.js';
import { isJsonObject } from '../../model/json.js';
import { simulationFromScenario } from '../push/to-scenario.js';
import { short, type PulledConversation } from './from-evaluation.js';

export function fromScenario(e: JsonObject, name: string, prompts: Map<string, string>): PulledConversation {
  const notes: string[] = [];
  const s = (e['scenario'] as JsonObject | undefined) ?? {};
  const expect: JsonObject[] = [];
  for (const x of (s['scenarioExpectations'] as JsonObject[] | undefined) ?? []) {
    const call = (x['toolExpectation'] as JsonObject | undefined)?.['expectedToolCall'];
    if (isJsonObject(call)) {
      // argsMode only beside args: without them it has no effect, and the loader refuses it.
      const args: JsonObject =
        isJsonObject(call['args']) && Object.keys(call['args']).length
          ? { args: call['args'], argsMode: 'subset' }
          : {};
      expect.push({
        toolCall: {
          ...(call['tool'] ? { name: short(call['tool']) } : { displayName: String(call['displayName']) }),
          ...args,
        },
      });
    } else if (isJsonObject(x['agentResponse'])) {
      expect.push({
        text: ((x['agentResponse']['chunks'] as JsonObject[] | undefined) ?? [])
          .map((c) => String(c['text'] ?? ''))
          .join(' '),
      });
    } else notes.push(`scenario expectation ${Object.keys(x).join(', ')} was not pulled`);
  }
  for (const n of (s['evaluationExpectations'] as string[] | undefined) ?? []) {
    if (!prompts.has(n)) notes.push(`evaluation expectation ${n} not found`);
    expect.push({ judge: { prompt: prompts.get(n) ?? n } });
  }
  const tags = (e['tags'] as string[] | undefined) ?? [];
  const conversation: JsonObject = {
    name,
    ...(tags.length ? { tags } : {}),
    ...(isJsonObject(s['variableOverrides']) ? { variables: s['variableOverrides'] } : {}),
    simulation: simulationFromScenario(s),
    ...(expect.length ? { expect } : {}),
  };
  return { conversation, notes };
}
