// JSON Schema of the golden "export" form: one CES Evaluation resource in proto JSON
// (`displayName`, `golden.turns[].steps`), as cxas-scrapi's push-eval reads it. Strict, except
// for the output-only fields a platform export carries, which are accepted and not used.
const obj = (properties: Record<string, object>, extra: object = {}) => ({
  type: 'object',
  additionalProperties: false,
  properties,
  ...extra,
});
const str = { type: 'string', minLength: 1 };
const any = {};
const notUsed = (what: string) => ({ description: `${what}: written by the platform, not used here.` });

const OUTPUT_ONLY = [
  'createTime',
  'updateTime',
  'createdBy',
  'lastUpdatedBy',
  'etag',
  'evaluationDatasets',
  'evaluationRuns',
  'aggregatedMetrics',
  'lastCompletedResult',
  'invalid',
  'lastTenResults',
];
/** Platform scoring settings with no local counterpart; convert notes that they were dropped. */
export const EXPORT_OVERRIDES = ['evaluationMetricsThresholdOverride', 'evaluationMetricsConfigOverride'];
export const TURN_OVERRIDES = ['rootSpan', 'turnLevelMetricsThresholdsOverride', 'hallucinationMetricBehaviorOverride'];
export const EXPECTATION_OVERRIDES = [
  'expectationLevelMetricsThresholdsOverride',
  'agentResponseSemanticSimilarityMetricsConfigOverride',
  'agentResponseHallucinationMetricsConfigOverride',
  'comparisonType',
];
const accept = (keys: string[], what: string) => Object.fromEntries(keys.map((k) => [k, notUsed(what)]));

const toolsetTool = obj({ toolset: str, toolId: str });
const toolRef = { id: { type: 'string' }, tool: str, toolsetTool, displayName: str };
const toolCall = obj({ ...toolRef, args: { type: 'object' } });
const toolResponse = obj({ ...toolRef, response: { type: 'object' } }, { required: ['response'] });
const agentTransfer = obj({ targetAgent: str, displayName: str }, { required: ['targetAgent'] });
const chunk = { type: 'object', properties: { text: { type: 'string' } } };
const message = obj(
  { role: { type: 'string' }, chunks: { type: 'array', items: chunk }, eventTime: any },
  { required: ['chunks'] },
);

const userInput = obj(
  {
    text: { type: 'string' },
    event: obj({ event: str }, { required: ['event'] }),
    dtmf: str,
    variables: { type: 'object' },
    toolResponses: obj({ toolResponses: { type: 'array', items: toolResponse } }, { required: ['toolResponses'] }),
    blob: obj({ mimeType: str, data: str }, { required: ['data'] }),
    image: obj({ mimeType: str, data: str }, { required: ['data'] }),
    willContinue: { type: 'boolean' },
  },
  { minProperties: 1 },
);

const expectation = obj(
  {
    toolCall,
    toolResponse,
    agentResponse: message,
    agentTransfer,
    updatedVariables: { type: 'object' },
    mockToolResponse: toolResponse,
    noToolCalls: { type: 'boolean' },
    note: { type: 'string' },
    skipEvaluation: { type: 'boolean' },
    ...accept(EXPECTATION_OVERRIDES, 'platform scoring setting'),
  },
  {
    exactlyOneOf: [
      'toolCall',
      'toolResponse',
      'agentResponse',
      'agentTransfer',
      'updatedVariables',
      'mockToolResponse',
      'noToolCalls',
    ],
  },
);

const llmCriteria = obj({ prompt: str }, { required: ['prompt'] });
const expectationRef = {
  anyOf: [
    str,
    obj({ name: str, displayName: str, prompt: str, llmCriteria, llm_criteria: llmCriteria }, { minProperties: 1 }),
  ],
};

export const EXPORT_SCHEMA = {
  $id: 'urn:cxas-eval:scrapi-golden-export',
  ...obj(
    {
      name: str,
      displayName: str,
      description: { type: 'string' },
      tags: { anyOf: [{ type: 'array', items: { type: 'string' } }, { type: 'string' }] },
      golden: obj(
        {
          turns: { type: 'array', minItems: 1, items: { $ref: '#/$defs/turn' } },
          evaluationExpectations: { type: 'array', items: expectationRef },
        },
        { required: ['turns'] },
      ),
      ...accept(OUTPUT_ONLY, 'output-only field'),
      ...accept(EXPORT_OVERRIDES, 'platform scoring setting'),
    },
    { required: ['golden'] },
  ),
  $defs: {
    turn: obj(
      {
        steps: { type: 'array', minItems: 1, items: { $ref: '#/$defs/step' } },
        ...accept(TURN_OVERRIDES, 'platform turn setting'),
      },
      { required: ['steps'] },
    ),
    step: obj(
      { userInput, agentTransfer, expectation },
      { exactlyOneOf: ['userInput', 'agentTransfer', 'expectation'] },
    ),
  },
};
