// What `platform push` does with each construct of a native spec: carried to a platform field with
// the same meaning, or refused with the reason. The mapper (to-evaluation.ts) looks every construct
// it meets up here, so this table decides; docs/platform-fidelity.md shows it, and
// test/platform/fidelity.test.ts checks that every property of schemas/spec.schema.json has a row
// and that the doc agrees. A key is `<schema $def>.<property>`, with `@<condition>` where the answer
// depends on the conversation (e.g. `@strict`) and `(<form>)` for a shorthand without a property.
export type Fidelity = { carried: string } | { refused: string };

const carried = (field: string): Fidelity => ({ carried: field });
const refused = (reason: string): Fidelity => ({ refused: reason });

const NO_COUNTS = 'the platform has no call, transfer or payload counts';
const NUMBERS =
  'lenient matching takes a number and its string form as equal (6 and "6"); the platform compares them as ' +
  'different values';
const LISTS =
  'lenient matching compares a list element by element, an object in it as a subset (extra keys allowed); ' +
  "the platform's subset comparison is not known to reach into lists (the emulator, like cxas-scrapi's, " +
  'compares a list exactly)';
const STRICT_COUNTS =
  'match: strict also requires each listed tool to be called exactly as often as listed; ' +
  'the platform cannot count calls';

export const FIDELITY = {
  // The file
  'spec.app': carried('the app the evaluations are created in'),
  'spec.defaults': carried('merged under each conversation by the loader: each key as the conversation key'),
  'spec.include': carried("merged by the loader: the fragments' conversations are pushed as the file's"),
  'spec.conversations': carried('one Evaluation each (golden)'),
  'spec.steps': carried("expanded by the loader: a used step's turns are pushed in its place"),
  'spec.toolTests': refused('tool tests run through ToolService.ExecuteTool (`cxas-eval run`), not as evaluations'),
  // A conversation
  'conversation.name': carried('Evaluation.displayName, and the evaluation id (hash of file and name)'),
  'conversation.tags': carried('Evaluation.tags'),
  'conversation.each': carried('expanded by the loader: each row is a conversation, pushed as its own evaluation'),
  'conversation.repeat': carried('RunEvaluationRequest.runCount (`runs: N` in the description; one run per count)'),
  'conversation.passRate': carried('`pass rate: P` in the description; the repeated verdict uses it as locally'),
  'conversation.golden': refused('golden transcripts (goldens/) are compared on this machine only'),
  'conversation.timeoutMs': carried(
    "nothing to send: a deadline of cxas-eval's own requests, not a check; the platform applies its own",
  ),
  'conversation.history': refused('golden evaluations cannot start from a conversation history'),
  'conversation.variables': carried('a variables user input leading the first golden turn'),
  'conversation.useToolFakes': carried(
    'RunEvaluationRequest.config.toolCallBehaviour FAKE (`tool calls: fake` in the description)',
  ),
  'conversation.deploymentId': refused('platform runs replay the app itself, not a deployment'),
  'conversation.entryAgent': refused('golden evaluations start at the root agent'),
  'conversation.timeZone': refused('golden evaluations have no session time zone'),
  'conversation.modality': carried('text: golden user inputs are text'),
  'conversation.modality@audio': refused('audio conversations would run as text'),
  'conversation.match': carried(
    'the comparison types below (strict: EQUALS); what strict adds is refused where listed',
  ),
  'conversation.pacing': carried('nothing to send: pacing paces audio, and audio is refused'),
  'conversation.toolFakes': carried(
    'GoldenExpectation.mockToolResponse on every golden turn (a fake is conversation-wide); ' +
      'respond → the response, error → {error}',
  ),
  'conversation.toolFakes@strict': refused(
    'match: strict also fails when a fake answers no call; the platform cannot check that a mock was used',
  ),
  'conversation.skip': carried('not pushed, as it is not run locally'),
  'conversation.turns': carried('Evaluation.golden.turns, one golden turn each'),
  'conversation.simulation': refused(
    'the platform simulates the user with its own model and scores rubrics itself; ' +
      'with --lossy it becomes Evaluation.scenario',
  ),
  'conversation.expect': carried('judge → LLM criteria; other conversation-level checks are refused below'),
  'conversation.expect@golden': refused('golden expectations belong to a turn; there are no conversation-level ones'),
  'history.conversation': refused('see conversation.history'),
  'history.turns': refused('see conversation.history'),
  'history.afterConversation': refused('see conversation.history'),
  'historyEntry.*': refused('see conversation.history'),
  'toolFake.tool': carried('mockToolResponse.tool (the tool resource)'),
  'toolFake.tool@server': refused(
    'locally a fake answers only client-side tool calls; the platform would mock this server tool',
  ),
  'toolFake.tool@unknown': refused(
    "the app's tools could not be listed or it has no such tool: a fake cannot be told client from server",
  ),
  'toolFake.whenArgs': refused('a mock answers every call of its tool, whatever the arguments'),
  'toolFake.respond': carried('mockToolResponse.response'),
  'toolFake.error': carried('mockToolResponse.response {error: …} (a failed tool, as locally)'),
  'toolFake.sequence': refused('a mock gives the same response to every call'),
  'toolFakeReply.*': refused('see toolFake.sequence'),
  // A turn
  'turn.user': carried('userInput.text'),
  'turn.event': carried('userInput.event'),
  'turn.dtmf': carried('userInput.dtmf'),
  'turn.blob': refused('push does not upload files or inline bytes'),
  'turn.image': refused('push does not upload files or inline bytes'),
  'turn.audio': refused('audio is not replayed by golden evaluations'),
  'fileInput.*': refused('see turn.blob'),
  'audioInput.*': refused('see turn.audio'),
  'turn.toolResponses': carried('userInput.toolResponses'),
  'turn.toolResponses.id': carried('toolResponses[].id'),
  'turn.toolResponses.tool': carried('toolResponses[].tool (the tool resource)'),
  'turn.toolResponses.response': carried('toolResponses[].response'),
  'turn.variables': carried('a variables user input before the turn input (alone: the input)'),
  'turn.expect': carried('golden expectation steps after the inputs'),
  'turn.use': carried("expanded by the loader: the step's turns are pushed in this turn's place"),
  'turn.with': carried("expanded by the loader: the step's parameters are filled in before push"),
  'turn.timeoutMs': carried('nothing to send: see conversation.timeoutMs'),
  'turn.label': carried('nothing to send: a display label; results are placed on the spec turn by index'),
  // Expectations
  'expectation.text': carried('agentResponse'),
  'expectation.text(string)': carried('agentResponse, CONTAINS (strict: EQUALS)'),
  'textMatcher.equals': carried('agentResponse, EQUALS (both trimmed)'),
  'textMatcher.contains': carried('agentResponse, CONTAINS (a list: one each)'),
  'textMatcher.matches': refused('the platform has no regular expressions'),
  'textMatcher.oneOf': refused('the platform has no alternatives'),
  'textMatcher.similar': refused(
    'similar compares characters; SEMANTIC_SIMILARITY compares meaning with an LLM (use judge)',
  ),
  'textMatcher.threshold': refused('see textMatcher.similar'),
  'textMatcher.ignoreCase': refused('EQUALS and CONTAINS are case-sensitive'),
  'expectation.transcript': refused('audio only'),
  'expectation.toolCall': carried('toolCall (CONTAINS: args subset); extraToolCallBehavior ALLOW, as locally'),
  'expectation.toolCall(string)': carried('toolCall with the tool and any args'),
  'expectation.toolCall@strict': refused(STRICT_COUNTS),
  'toolCallMatcher.name': carried(
    'toolCall.tool: the resource of the one tool with this id or display name (AgentService.ListTools)',
  ),
  'toolCallMatcher.name@unknown': refused(
    "the app's tools could not be listed, or none has this id or display name: a golden names a tool resource",
  ),
  'toolCallMatcher.name@ambiguous': refused(
    "several of the app's tools have this id or display name (locally any of them matches); a golden names one",
  ),
  'toolCallMatcher.displayName': carried(
    'toolCall.tool: the resource of the one tool with this display name (AgentService.ListTools); ' +
      "a golden's display_name is output only",
  ),
  'toolCallMatcher.displayName@unknown': refused(
    "the app's tools could not be listed, or none has this display name: a golden names a tool resource",
  ),
  'toolCallMatcher.displayName@ambiguous': refused(
    "several of the app's tools have this display name (locally any of them matches); a golden names one",
  ),
  'toolCallMatcher.nameMatch': refused('the platform names tools exactly'),
  'toolCallMatcher.anyTool': refused('a golden tool call names its tool'),
  'toolCallMatcher.args': carried('toolCall.args (CONTAINS; argsMode exact: EQUALS)'),
  'toolCallMatcher.args@operators': refused(
    'the platform compares values literally ($regex, $any, $gt, … are not read)',
  ),
  'toolCallMatcher.args@numbers': refused(NUMBERS),
  'toolCallMatcher.args@lists': refused(LISTS),
  'toolCallMatcher.argsMode': carried('comparisonType: subset → CONTAINS, exact → EQUALS'),
  'toolCallMatcher.count': refused(NO_COUNTS),
  'toolCallMatcher.response': carried(
    'toolResponse of the same tool (CONTAINS), compared with the whole response: written with `output`, ' +
      'or without it for a tool a conversation fake answers (the mock is the value a local run reads inside `output`)',
  ),
  'toolCallMatcher.response@args': refused(
    'locally the response must be that of a call these args match; the platform compares it with every ' +
      "response of the tool in the turn (another call's response passes it)",
  ),
  'toolCallMatcher.response@unwrapped': refused(
    "locally a response written without `output` is compared with the tool response's `output` when it has " +
      'one, else with all of it; the platform compares all of it, and push cannot tell which the tool returns ' +
      '(write `output: …` for a tool that wraps its result)',
  ),
  'toolCallMatcher.response@mocked': refused(
    "the platform's response of a faked tool is the fake's value itself; locally it is `{output: value}`: " +
      'write the response without `output`',
  ),
  'toolCallMatcher.response@operators': refused(
    'the platform compares values literally ($regex, $any, $gt, … are not read)',
  ),
  'toolCallMatcher.response@numbers': refused(NUMBERS),
  'toolCallMatcher.response@lists': refused(LISTS),
  'toolCallMatcher.scope': refused('golden expectations look at their own turn only'),
  'expectation.noToolCalls': carried('noToolCalls'),
  'expectation.toolSequence': refused('the platform checks calls one by one, not their order'),
  'toolSequenceMatcher.*': refused('see expectation.toolSequence'),
  'expectation.transfer': carried('agentTransfer (the target agent)'),
  'expectation.transfer(string)': carried('agentTransfer'),
  'transferMatcher.to': carried(
    'agentTransfer.targetAgent: the resource of the one agent with this id or display name (AgentService.ListAgents)',
  ),
  'transferMatcher.to@unknown': refused(
    "the app's agents could not be listed, or none has this id or display name: a golden names an agent resource",
  ),
  'transferMatcher.to@ambiguous': refused(
    "several of the app's agents have this id or display name (locally any of them matches); a golden names one",
  ),
  'transferMatcher.match': refused('the platform names agents exactly (match: exact is carried)'),
  'transferMatcher.match@exact': carried('nothing to send: the platform names agents exactly'),
  'transferMatcher.chain': refused('the platform checks each transfer on its own, not a chain'),
  'transferMatcher.count': refused(NO_COUNTS),
  'transferMatcher.mode': refused('see transferMatcher.chain'),
  'expectation.noTransfer': refused('the platform has no negated transfer'),
  'expectation.payload': refused('golden expectations have no custom payloads'),
  'payloadMatcher.*': refused('see expectation.payload'),
  'expectation.variables': carried('updatedVariables (subset)'),
  'expectation.variables@strict': refused('match: strict compares variables exactly; the platform as a subset'),
  'expectation.variables@operators': refused('the platform compares values literally'),
  'expectation.variables@numbers': refused(NUMBERS),
  'expectation.variables@lists': refused(LISTS),
  'variablesMatcher.values': carried('updatedVariables'),
  'variablesMatcher.mode': refused('mode exact: the platform compares updated variables as a subset'),
  'variablesMatcher.mode@subset': carried('nothing to send: updatedVariables is a subset'),
  'variablesMatcher.absent': refused('the platform cannot require a variable not to be updated'),
  'expectation.sessionEnded': refused('golden expectations cannot check the end of the session'),
  'sessionEndedMatcher.*': refused('see expectation.sessionEnded'),
  'expectation.citations': refused('golden expectations have no citations'),
  'citationsMatcher.*': refused('see expectation.citations'),
  'expectation.latency': refused('the platform reports latencies but has no latency expectation'),
  'latencyMatcher.*': refused('see expectation.latency'),
  'expectation.custom': refused('custom matchers run on this machine only'),
  'customMatcher.*': refused('see expectation.custom'),
  'expectation.judge': carried('an EvaluationExpectation (LLM criteria) listed on the golden'),
  'expectation.judge@turn': refused(
    'a turn-level judge sees the conversation up to its turn; LLM criteria see all of it',
  ),
  'judgeMatcher.prompt': carried('llmCriteria.prompt'),
  'judgeMatcher.samples': refused('the platform decides how often its LLM grades'),
  'expectation.not': refused('the platform has no negated expectations'),
  'negatedExpectation.*': refused('see expectation.not'),
  'count.*': refused('see toolCallMatcher.count'),
  'toolTest.*': refused('see spec.toolTests'),
  'toolCheck.*': refused('see spec.toolTests'),
  'simulation.*': refused('see conversation.simulation'),
  'simulationGoal.*': refused('see conversation.simulation'),
  // What push adds on its own
  'push.nothing': refused('nothing left that the platform can check (it would report SKIPPED)'),
} as const satisfies Record<string, Fidelity>;

export type FidelityKey = keyof typeof FIDELITY;

export const isCarried = (key: FidelityKey): boolean => 'carried' in FIDELITY[key];

/** The reason a construct is refused, or what it becomes. */
export const fidelityText = (key: FidelityKey): string => {
  const f: Fidelity = FIDELITY[key];
  return 'carried' in f ? f.carried : f.refused;
};
