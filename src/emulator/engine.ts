// The agent engine: plays one turn of a session by running the matching route's actions.
// Outputs are canonical proto3 JSON SessionOutputs, emitted as soon as they are produced.
import type { JsonObject } from '../model/json.js';
import { nowMs } from './clock.js';
import { isJsonObject } from '../model/json.js';
import { routeActions, routeId, type Action, type AppDefinition } from './app.js';
import { findRouteIndex, type TurnInputs } from './match.js';
import { TurnRecorder } from './recorder.js';
import { agentResource, toolResource } from './resources.js';
import type { SessionState } from './session.js';
import { EmulatorError } from './errors.js';
import { renderJson, renderObject, renderText, UnresolvedPlaceholderError, type TemplateScope } from './template.js';
import { answerFor, isToolError } from './tools.js';
import { status as GrpcStatus } from '@grpc/grpc-js';

export interface TurnRequest {
  inputs: TurnInputs;
  userChunks: JsonObject[];
  useToolFakes: boolean;
  /**
   * Golden replays only: mock tool responses of the turn by tool id. A mocked tool (client or server)
   * answers with the mock at once, as the platform's mock_tool_response does.
   */
  mocks?: ReadonlyMap<string, JsonObject>;
  /** Simulated model latency, awaited before the first output. */
  latencyMs: number;
  sleep(ms: number): Promise<void>;
  emit(output: JsonObject): void;
}

/** A tool response's result: its `output` key when present, else the whole struct (docs/protocol.md §5). */
const unwrapOutput = (response: JsonObject): JsonObject =>
  isJsonObject(response['output']) ? response['output'] : response;

interface TurnRun {
  app: AppDefinition;
  session: SessionState;
  req: TurnRequest;
  turnIndex: number;
  recorder: TurnRecorder;
  scope: TemplateScope;
}

export async function runTurn(app: AppDefinition, session: SessionState, req: TurnRequest): Promise<void> {
  const turnIndex = ++session.turnIndex;
  const recorder = new TurnRecorder(req.userChunks);
  if (req.inputs.variables) Object.assign(session.variables, req.inputs.variables);
  for (const r of req.inputs.toolResponses) if (r.tool) session.toolResults[r.tool] = unwrapOutput(r.response);
  const scope: TemplateScope = { vars: session.variables, input: pickInput(req.inputs), tool: session.toolResults };
  const run: TurnRun = { app, session, req, turnIndex, recorder, scope };

  const resumed = resumePendingCall(run);
  const chosen = resumed ? { actions: resumed } : chooseRoute(run);
  const llmStart = nowMs();
  if (req.latencyMs > 0) await req.sleep(req.latencyMs);
  recorder.llmSpan(session.agent, { startMs: llmStart, endMs: nowMs() }, chosen.route);
  const actions = chosen.actions;
  runActions(run, actions);
  const done = recorder.finish();
  session.turns.push(done);
  session.history.push(...done.messages);
  session.endMs = nowMs();
  req.emit({ turnIndex, turnCompleted: true, diagnosticInfo: done });
}

/** Runs the actions in order; a failed tool call with `onError` switches to those actions. */
function runActions(run: TurnRun, actions: Action[]): void {
  let queue = actions;
  for (let i = 0; i < queue.length; i++) {
    const next = guarded(run, () => runAction(run, queue[i]!, queue.slice(i + 1)));
    if (next === 'stop') break;
    if (next !== 'next') {
      queue = next.then;
      i = -1;
    }
  }
}

/** A placeholder without a value fails the turn (an app bug the emulator must not hide as empty text). */
function guarded<T>(run: TurnRun, step: () => T): T {
  try {
    return step();
  } catch (err) {
    if (!(err instanceof UnresolvedPlaceholderError)) throw err;
    throw new EmulatorError(GrpcStatus.INTERNAL, `emulator app: agent "${run.session.agent}": ${err.message}`);
  }
}

type Step = 'next' | 'stop' | { then: Action[] };

function pickInput(inputs: TurnInputs): TemplateScope['input'] {
  const { text, dtmf, event } = inputs;
  return {
    ...(text !== undefined ? { text } : {}),
    ...(dtmf !== undefined ? { dtmf } : {}),
    ...(event !== undefined ? { event } : {}),
  };
}

/** When the awaited client tool answered, the interrupted route continues where it stopped. */
function resumePendingCall(run: TurnRun): Action[] | undefined {
  const { session, req, recorder } = run;
  const pending = session.pending;
  if (!pending) return undefined;
  const answer = req.inputs.toolResponses.find(
    (r) => r.id === pending.id || (r.id === undefined && r.tool === pending.tool),
  );
  session.pending = undefined; // any other input abandons the call, as a user changing the subject would
  if (!answer) return undefined;
  session.toolResults[pending.tool] = unwrapOutput(answer.response);
  recorder.toolSpan(
    { startMs: pending.startedMs, endMs: nowMs() },
    { name: pending.tool, agent: pending.agent, args: pending.args, response: answer.response },
  );
  session.agent = pending.agent;
  return isToolError(answer.response) && pending.onError ? pending.onError : pending.remaining;
}

/** The first route that holds, and its name for the LLM span (coverage counts the routes that matched). */
function chooseRoute(run: TurnRun): { actions: Action[]; route?: string } {
  const key = run.session.agent;
  const agent = run.app.agents[key];
  const index = agent ? findRouteIndex(agent.routes, run.req.inputs, run.session.variables) : -1;
  if (!agent || index < 0) return { actions: [] };
  return { actions: routeActions(agent.routes[index]!), route: routeId(key, index) };
}

function runAction(run: TurnRun, action: Action, rest: Action[]): Step {
  const { app, session, req, turnIndex, recorder, scope } = run;
  const agent = session.agent;
  if ('say' in action) {
    const text = renderText(action.say, scope);
    req.emit({ text, turnIndex });
    recorder.chunk(agent, { text });
  } else if ('call' in action) {
    return callTool(run, action.call, renderObject(action.call.args ?? {}, scope), rest);
  } else if ('transfer' in action) {
    const target = action.transfer;
    recorder.chunk(agent, {
      agentTransfer: {
        targetAgent: agentResource(app, target),
        displayName: app.agents[target]?.displayName ?? target,
      },
    });
    session.agent = target;
  } else if ('payload' in action) {
    const payload = renderObject(action.payload, scope);
    req.emit({ payload, turnIndex });
    recorder.chunk(agent, { payload });
  } else if ('set' in action) {
    const updated = renderObject(action.set, scope);
    Object.assign(session.variables, updated);
    recorder.chunk(agent, { updatedVariables: updated });
  } else if ('cite' in action) {
    const citedChunks = action.cite.map((c) => renderJson(c as JsonObject, scope));
    req.emit({ citations: { citedChunks }, turnIndex });
  } else {
    const metadata = action.end === true ? undefined : action.end.metadata;
    req.emit({ endSession: metadata ? { metadata: renderObject(metadata, scope) } : {}, turnIndex });
    session.ended = true;
    return 'stop';
  }
  return 'next';
}

function callTool(
  run: TurnRun,
  action: { tool: string; onError?: Action[] },
  args: JsonObject,
  remaining: Action[],
): Step {
  const { app, session, req, turnIndex, recorder, scope } = run;
  const tool = action.tool;
  const def = app.tools?.[tool] ?? {};
  const call = {
    id: `call-${turnIndex}-${++session.callCounter}`,
    tool: toolResource(app, tool),
    displayName: def.displayName ?? tool,
    args,
  };
  recorder.chunk(session.agent, { toolCall: call });
  const mock = req.mocks?.get(tool);
  if (def.client && !mock) {
    req.emit({ toolCalls: { toolCalls: [call] }, turnIndex });
    const onError = action.onError ? { onError: action.onError } : {};
    session.pending = { id: call.id, tool, args, agent: session.agent, remaining, ...onError, startedMs: nowMs() };
    return 'stop';
  }
  const started = nowMs();
  const answer = answerFor(def, args, req.useToolFakes);
  // A mock is the platform's literal response: no placeholders are rendered in it.
  const response =
    mock ?? ('error' in answer ? { error: renderJson(answer.error, scope) } : renderObject(answer.response, scope));
  session.toolResults[tool] = unwrapOutput(response);
  recorder.chunk(session.agent, {
    toolResponse: { id: call.id, tool: call.tool, displayName: call.displayName, response },
  });
  recorder.toolSpan({ startMs: started, endMs: nowMs() }, { name: tool, agent: session.agent, args, response });
  const failed = mock ? isToolError(mock) : 'error' in answer;
  return failed && action.onError ? { then: action.onError } : 'next';
}
