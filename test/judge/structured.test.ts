// The generic structured call (what a simulated user reuses): multi-turn messages, its own schema and purpose.
import { describe, expect, it } from 'vitest';
import {
  Budget,
  DiskCache,
  StructuredCaller,
  UsageLedger,
  callerSettings,
  createBackend,
  type LlmBackend,
} from '../../src/judge/index.js';
import type { JsonObject } from '../../src/model/json.js';

import { configFor, envFor, SHAPES, useFakeLlm } from './helpers.js';

const USER_SCHEMA: JsonObject = {
  $id: 'urn:test:user-turn',
  type: 'object',
  additionalProperties: false,
  required: ['action', 'text'],
  properties: { action: { enum: ['say', 'end'] }, text: { type: 'string' } },
};

const llm = useFakeLlm({ resetAfterEach: false });

describe.each(SHAPES)('structured calls over the %s shape', (shape) => {
  it('sends a multi-turn conversation with roles and keeps its purpose apart in the ledger', async () => {
    llm.fake.reset();
    llm.fake
      .on((r) => r.messages.length === 1, { json: { action: 'say', text: 'my balance please' } })
      .on((r) => r.messages.length === 3, { json: { action: 'end', text: '' } });
    const config = configFor(shape, llm.fake, llm.cache.dir);
    const backend = createBackend(shape, config, envFor(shape), {}) as LlmBackend;
    const ledger = new UsageLedger();
    const user = new StructuredCaller('user', backend, callerSettings(config), {
      cache: new DiskCache(llm.cache.dir, 'off'),
      budget: new Budget(undefined),
      ledger,
    });
    const ask = (texts: string[]) =>
      user.call({
        promptVersion: 'user-v1',
        system: 'You are a caller.',
        schema: USER_SCHEMA,
        schemaName: 'user_turn',
        messages: texts.map((text, i) => ({ role: i % 2 === 0 ? ('user' as const) : ('model' as const), text })),
      });
    expect(await ask(['The agent says: welcome'])).toMatchObject({ ok: true, value: { action: 'say' } });
    const second = await ask([
      'The agent says: welcome',
      '{"action":"say","text":"my balance please"}',
      'The agent says: $42',
    ]);
    expect(second).toMatchObject({ ok: true, value: { action: 'end' }, record: { purpose: 'user' } });
    expect(llm.fake.requests[1]!.messages.map((m) => m.role)).toEqual(['user', 'model', 'user']);
    expect(llm.fake.requests[1]!.system).toBe('You are a caller.');
    expect(ledger.snapshot()).toEqual({
      user: { calls: 2, cacheHits: 0, errors: 0, inputTokens: 200, outputTokens: 40 },
    });
  });
});
