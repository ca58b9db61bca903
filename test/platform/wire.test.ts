// Wire shapes against Google's v1beta protos (google-proto-files): what push builds converts
// strictly (unknown fields and enum names are errors) into Evaluation messages and back unchanged,
// and the client refuses a request the protos do not describe before anything is sent.
import { describe, expect, it } from 'vitest';
import { fromProto3Json, loadPlatformProtos, toProto3Json } from '../../src/client/proto/index.js';
import { loadSpecs } from '../../src/runner/load/index.js';
import { PlatformClient } from '../../src/platform/grpc.js';
import { toEvaluation } from '../../src/platform/push/to-evaluation.js';
import { inventoryOf } from '../../src/platform/push/inventory.js';
import { tempProject } from '../helpers/cli.js';

const APP = 'projects/p/locations/us/apps/a';

describe('v1beta wire shapes', () => {
  it('maps a spec to an Evaluation the protos accept strictly and echo unchanged', async () => {
    const project = await tempProject({
      'a.yaml': `conversations:
  - name: all carried
    variables: { tier: gold }
    toolFakes: [{ tool: lookup, respond: { balance: 1 } }]
    turns:
      - event: WELCOME
        variables: { caller: "+1" }
        expect: [{ text: { equals: Hi } }, { noToolCalls: true }]
      - user: balance
        expect:
          - toolCall: { name: lookup, args: { id: "A1" }, argsMode: exact }
          - toolCall: { name: lookup, response: { status: ok } }
          - text: "Your balance"
          - transfer: billing
          - variables: { seen: true }
      - dtmf: "12#"
`,
    });
    const { files, errors } = await loadSpecs(['a.yaml'], { cwd: project.dir });
    expect(errors).toEqual([]);
    const inventory = inventoryOf(
      [{ name: `${APP}/tools/lookup`, displayName: 'Lookup', clientFunction: { name: 'x' } }],
      [{ name: `${APP}/agents/billing`, displayName: 'Billing' }],
    );
    const mapped = toEvaluation(files[0]!.conversations[0]!, APP, inventory);
    expect(mapped.losses).toEqual([]);
    const Evaluation = loadPlatformProtos().lookupType('Evaluation');
    const wire = fromProto3Json(Evaluation, mapped.evaluation);
    expect(toProto3Json(Evaluation, wire)).toEqual(
      JSON.parse(
        JSON.stringify(mapped.evaluation, (_k, v: unknown) => (Array.isArray(v) && v.length === 0 ? undefined : v)),
      ),
    );
    const steps = (mapped.evaluation['golden'] as { turns: Array<{ steps: unknown[] }> }).turns.map((t) => t.steps);
    expect(steps[0]).toEqual([
      { userInput: { variables: { tier: 'gold' } } },
      { expectation: { mockToolResponse: { tool: `${APP}/tools/lookup`, response: { balance: 1 } } } },
      { userInput: { variables: { caller: '+1' } } },
      { userInput: { event: { event: 'WELCOME' } } },
      { expectation: { agentResponse: { role: 'agent', chunks: [{ text: 'Hi' }] }, comparisonType: 'EQUALS' } },
      { expectation: { noToolCalls: true } },
    ]);
    expect(steps[1]).toContainEqual({
      expectation: { toolCall: { tool: `${APP}/tools/lookup`, args: { id: 'A1' } }, comparisonType: 'EQUALS' },
    });
    expect(steps[1]).toContainEqual({
      expectation: {
        toolResponse: { tool: `${APP}/tools/lookup`, response: { status: 'ok' } },
        comparisonType: 'CONTAINS',
      },
    });
    expect(steps[1]).toContainEqual({
      expectation: { agentTransfer: { targetAgent: `${APP}/agents/billing`, displayName: 'Billing' } },
    });
    expect(steps[1]).toContainEqual({
      expectation: {
        agentResponse: { role: 'agent', chunks: [{ text: 'Your balance' }] },
        comparisonType: 'CONTAINS',
      },
    });
    await project.cleanup();
  });

  it('refuses fields the protos do not have before sending', async () => {
    const client = new PlatformClient({ app: APP, endpoint: '127.0.0.1:9', insecure: true });
    await expect(
      client.call(
        'EvaluationService',
        'RunEvaluation',
        { app: APP, evaluations: [], runCount: 1, toolCallBehavior: 'FAKE' },
        'app',
      ),
    ).rejects.toThrow(/toolCallBehavior/);
    await expect(
      client.call('EvaluationService', 'RunEvaluation', { app: APP, goldenRunMethod: 'STEADY' }, 'app'),
    ).rejects.toThrow(/STEADY/);
    client.close();
  });
});
