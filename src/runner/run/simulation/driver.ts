// The simulation's turn source: asks the user model for each next move and yields it as a spec turn
// for the conversation loop (so tool fakes, variables, history and audio work as in scripted turns).
// The stop rules are here, in code: the user's `end`, the agent ending the session, the global and
// per-goal turn limits, or an error (thrown: the conversation is an error).
import type { StructuredCaller } from '../../../judge/index.js';
import { addCall, emptyUsage } from '../../../model/llm-usage.js';
import type { AssertionResult, SimulationResult } from '../../../model/result.js';
import type { SimulationSpec, TurnSpec } from '../../../model/spec.js';
import type { TurnResult } from '../../../model/turn.js';
import { RunnerError } from '../errors.js';
import { USER_PROMPT_VERSION, USER_REPLY_SCHEMA, userMessages, userSystemPrompt, type UserReply } from './prompt.js';

export interface SimulationEnv {
  caller: StructuredCaller;
  /** The global turn limit when the spec gives none. */
  maxTurns: number;
  redact: (text: string) => string;
  /** The finished turns' results, filled by the conversation loop before it asks for the next turn. */
  results: readonly TurnResult[];
  /** The agent ended the session in the last turn. */
  ended: () => boolean;
  /** In an audio conversation what the simulated user says is synthesised, like a scripted `audio: {say}`. */
  audio?: boolean;
  signal?: AbortSignal;
}

export class SimulationDriver {
  readonly trace: SimulationResult;
  private readonly sim: SimulationSpec;

  constructor(
    sim: SimulationSpec,
    private readonly env: SimulationEnv,
  ) {
    this.sim = sim;
    this.trace = {
      userModel: `${env.caller.backend.name}:${env.caller.backend.model}`,
      stopReason: 'error',
      stopMessage: '',
      turns: 0,
      goals: [],
      userUsage: emptyUsage(),
    };
  }

  /** Spec turns, one at a time; the loop must finish each turn (results) before asking for the next. */
  async *turns(): AsyncGenerator<TurnSpec> {
    const { sim, env } = this;
    const max = sim.maxTurns ?? env.maxTurns;
    const used = sim.goals.map(() => 0);
    const exchanges: Array<{ said: string; agent: string }> = [];
    let opening = 'The call begins. Say your first line.';
    if (sim.start) {
      yield {
        input:
          'event' in sim.start ? { kind: 'event', event: sim.start.event } : { kind: 'text', text: sim.start.user },
        expect: [],
        label: 'start',
      };
      this.trace.turns += 1;
      const how = 'event' in sim.start ? `with the event ${sim.start.event}` : `with you saying "${sim.start.user}"`;
      opening = `The call began ${how}.\nAgent: ${this.agentSaid()}`;
    }
    for (;;) {
      if (env.ended()) return this.stop('session-ended', `the agent ended the session after turn ${this.trace.turns}`);
      const { reply, raw } = await this.ask(opening, exchanges);
      if (reply.action === 'end')
        return this.stop('user-ended', `the simulated user ended the conversation after turn ${this.trace.turns}`);
      const index = reply.activeGoal - 1;
      const goal = sim.goals[index]!;
      if (this.trace.turns >= max) {
        return this.stop(
          'max-turns',
          `turn limit ${max} reached with goal ${reply.activeGoal} ("${goal.goal}") still open`,
        );
      }
      if (goal.maxTurns !== undefined && used[index]! >= goal.maxTurns) {
        return this.stop(
          'goal-max-turns',
          `goal ${reply.activeGoal} ("${goal.goal}") used its ${goal.maxTurns} turn(s) and is still open`,
        );
      }
      const variables = used[index] === 0 ? goal.variables : undefined;
      used[index]! += 1;
      yield {
        input: inputOf(reply, env.audio === true),
        ...(variables ? { variables } : {}),
        expect: [],
        label: `goal ${reply.activeGoal}`,
      };
      this.trace.turns += 1;
      exchanges.push({ said: raw, agent: this.agentSaid() });
    }
  }

  /**
   * How the simulation stopped, when that alone decides against a pass (a conversation-level
   * assertion): a turn limit reached with a goal open fails it; a simulated user who ended before
   * anything was sent makes it an error, since nothing of the agent was tested (its goals would be
   * graded on an empty transcript).
   */
  stopAssertion(): AssertionResult | undefined {
    const { stopReason, stopMessage, turns } = this.trace;
    const expected = { stopReason: 'user-ended or session-ended' };
    if (stopReason === 'max-turns' || stopReason === 'goal-max-turns')
      return {
        matcher: 'simulation',
        negated: false,
        status: 'failed',
        message: stopMessage,
        expected,
        actual: stopReason,
      };
    if (stopReason === 'user-ended' && turns === 0)
      return {
        matcher: 'simulation',
        negated: false,
        status: 'error',
        message: NOTHING_SENT,
        expected: { turns: '1 or more' },
        actual: 0,
      };
    return undefined;
  }

  /** The loop ended by an error (simulator or agent side). */
  failed(message: string): void {
    if (this.trace.stopMessage === '') this.stop('error', message);
  }

  private stop(reason: SimulationResult['stopReason'], message: string): void {
    this.trace.stopReason = reason;
    this.trace.stopMessage = message;
  }

  private agentSaid(): string {
    const last = this.env.results.at(-1);
    return this.env.redact(last?.text || '(the agent said nothing)');
  }

  private async ask(
    opening: string,
    exchanges: ReadonlyArray<{ said: string; agent: string }>,
  ): Promise<{ reply: UserReply; raw: string }> {
    const r = await this.env.caller.call({
      promptVersion: USER_PROMPT_VERSION,
      system: userSystemPrompt(this.sim),
      messages: userMessages(opening, exchanges),
      schema: USER_REPLY_SCHEMA,
      schemaName: 'user_turn',
      ...(this.env.signal ? { signal: this.env.signal } : {}),
    });
    addCall(this.trace.userUsage, r.record);
    if (!r.ok) {
      const raw = r.error.raw !== undefined ? `; reply: ${r.error.raw.slice(0, 200)}` : '';
      throw new RunnerError(
        `SIMULATOR_${r.error.code.replace(/^JUDGE_/, '')}`,
        `simulated user error (${r.error.code}): ${r.error.message}${raw}`,
      );
    }
    const reply = r.value as unknown as UserReply;
    const problem = replyProblem(reply, this.sim.goals.length);
    if (problem)
      throw new RunnerError(
        'SIMULATOR_INVALID_REPLY',
        `invalid simulated user reply: ${problem}; reply: ${JSON.stringify(reply).slice(0, 200)}`,
      );
    return { reply, raw: JSON.stringify(reply) };
  }
}

const NOTHING_SENT =
  'the simulated user ended the conversation before sending anything to the agent: nothing was tested';

/** What the schema cannot say: text fits the action, the goal exists. */
function replyProblem(reply: UserReply, goals: number): string | undefined {
  if (reply.action === 'end') return undefined; // ending pursues no goal
  if (reply.activeGoal > goals) return `activeGoal ${reply.activeGoal} but there are ${goals} goal(s)`;
  if (reply.action === 'dtmf' && !/^[0-9*#]+$/.test(reply.text)) return 'dtmf text must be keypad digits (0-9 * #)';
  if ((reply.action === 'say' || reply.action === 'event') && reply.text.trim() === '')
    return `${reply.action} needs text`;
  return undefined;
}

function inputOf(reply: UserReply, audio: boolean): TurnSpec['input'] {
  if (reply.action === 'dtmf') return { kind: 'dtmf', digits: reply.text };
  if (reply.action === 'event') return { kind: 'event', event: reply.text.trim() };
  return audio ? { kind: 'audio', say: reply.text } : { kind: 'text', text: reply.text };
}
