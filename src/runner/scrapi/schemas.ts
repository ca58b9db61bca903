// JSON Schemas of the cxas-scrapi formats as the reference documents them (docs/scrapi-compatibility.md
// §2), strict where the reference silently dropped unknown keys.
const obj = (properties: Record<string, object>, extra: object = {}) => ({
  type: 'object',
  additionalProperties: false,
  properties,
  ...extra,
});
const str = { type: 'string' };
const history = {
  anyOf: [
    { type: 'string', minLength: 1 },
    { type: 'array', items: { $ref: '#/$defs/historyEntry' } },
    obj(
      {
        session_id: { type: 'string', minLength: 1 },
        test_name: { type: 'string', minLength: 1 },
        utterances: { type: 'array', items: { $ref: '#/$defs/historyEntry' } },
      },
      { exactlyOneOf: ['session_id', 'test_name', 'utterances'] },
    ),
  ],
};

/** Sessions.run parameters a turn-eval `config:` may carry; each maps onto a conversation field. */
const sessionConfig = obj({
  modality: { enum: ['text', 'audio', 'TEXT', 'AUDIO', 'Text', 'Audio'] },
  use_tool_fakes: { type: 'boolean' },
  deployment_id: { type: 'string', minLength: 1 },
  variables: { type: 'object' },
  turn_count: { type: 'integer', minimum: 1 },
  historical_contexts: history,
  gemini_model: { type: 'string', description: 'The judge model of cxas-scrapi; kept for compatibility, not used.' },
});

const expectation = {
  anyOf: [
    { type: 'string', minLength: 1 },
    obj(
      {
        type: {
          enum: ['equals', 'contains', 'tool_called', 'no_tools_called', 'agent_transfer', 'tool_input', 'tool_output'],
        },
        value: {},
      },
      { required: ['type'] },
    ),
  ],
};

const inputs = { user: str, event: { type: 'string', minLength: 1 }, variables: { type: 'object' } };

export const TURN_EVAL_SCHEMA = {
  $id: 'urn:cxas-eval:scrapi-turn-eval',
  ...obj(
    {
      conversations: { type: 'array', items: { $ref: '#/$defs/case' } },
      tests: { type: 'array', items: { $ref: '#/$defs/case' } },
      config: sessionConfig,
    },
    { exactlyOneOf: ['conversations', 'tests'] },
  ),
  $defs: {
    historyEntry: obj(
      {
        user: {},
        agent: {},
        model: {},
        name: str,
        text: str,
        role: str,
        chunks: { type: 'array', items: { type: 'object' } },
      },
      { exactlyOneOf: ['user', 'agent', 'model', 'role'], dependentRequired: { role: ['chunks'] } },
    ),
    case: obj({
      name: { type: 'string', minLength: 1 },
      conversation: { type: 'string', minLength: 1 },
      tags: { type: 'array', items: str },
      ...inputs,
      historical_contexts: history,
      turn_count: { type: 'integer', minimum: 1 },
      config: sessionConfig,
      expectations: { type: 'array', items: expectation },
      turns: { type: 'array', minItems: 1, items: { $ref: '#/$defs/step' } },
    }),
    step: obj(
      {
        turn: { type: ['string', 'integer'] },
        ...inputs,
        config: sessionConfig,
        expectations: { type: 'array', items: expectation },
      },
      { required: ['turn'] },
    ),
  },
};

export const GOLDEN_SCHEMA = {
  $id: 'urn:cxas-eval:scrapi-golden',
  ...obj(
    {
      common_session_parameters: { type: 'object' },
      common_expectations: { type: 'array', items: str },
      conversations: { type: 'array', items: { $ref: '#/$defs/conversation' } },
    },
    { required: ['conversations'] },
  ),
  $defs: {
    conversation: obj(
      {
        conversation: { type: 'string', minLength: 1 },
        tags: { anyOf: [{ type: 'array', items: str }, str] },
        session_parameters: { type: 'object' },
        expectations: { type: 'array', items: str },
        turns: { type: 'array', minItems: 1, items: { $ref: '#/$defs/turn' } },
        mocks: {
          type: 'array',
          items: { type: 'object' },
          description: 'Written by cxas-scrapi exports; its importer ignores them, and so do we.',
        },
      },
      { required: ['conversation', 'turns'] },
    ),
    turn: obj({
      user: { type: ['string', 'null'] },
      user_event: { type: 'string', minLength: 1 },
      event: {
        type: 'string',
        minLength: 1,
        description: "The docs' spelling of user_event (cxas-scrapi itself ignored it).",
      },
      agent: { anyOf: [{ type: ['string', 'null'] }, { type: 'array', items: { type: ['string', 'null'] } }] },
      tool_calls: {
        type: 'array',
        items: obj(
          {
            action: { type: 'string', minLength: 1 },
            args: { type: 'object' },
            arguments: { type: 'object' },
            output: {},
            agent: str,
          },
          { required: ['action'] },
        ),
      },
    }),
  },
};
