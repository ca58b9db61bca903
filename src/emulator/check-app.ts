// Cross-references the schema cannot express: the root agent, transfer targets, called tools,
// toolResponse conditions and the variables route conditions read must name what the app defines;
// regexes must compile for the linear-time engine every user pattern runs on (src/model/pattern.ts).
import { isJsonObject, type JsonValue } from '../model/json.js';
import { patternProblem } from '../model/pattern.js';
import { routeActions, type Action, type AppDefinition, type LatencySpec } from './app.js';
import { checkTemplates, knownVariables, undeclaredVariable } from './check-templates.js';
import { parsePattern } from './match.js';

export interface AppProblem {
  /** JSON path of the offending value, for mapping to file:line:col. */
  path: Array<string | number>;
  message: string;
}

export function checkAppReferences(app: AppDefinition): AppProblem[] {
  const problems: AppProblem[] = [];
  const agents = Object.keys(app.agents);
  const variables = knownVariables(app);
  const tools = Object.keys(app.tools ?? {});
  const known = (kind: string, name: string, names: string[]) =>
    `${kind} "${name}" is not defined (defined: ${names.join(', ') || 'none'})`;
  // A missing rootAgent is the schema's error; this one is about a name that names nothing.
  if (typeof app.rootAgent === 'string' && !app.agents[app.rootAgent])
    problems.push({ path: ['rootAgent'], message: known('agent', app.rootAgent, agents) });
  for (const [agentName, agent] of Object.entries(app.agents)) {
    agent.routes.forEach((route, r) => {
      const at = ['agents', agentName, 'routes', r];
      for (const key of ['text', 'dtmf', 'blob', 'image'] as const)
        checkRegex(route.on[key], [...at, 'on', key], problems);
      const condition = route.on.variable;
      // Like ${vars.x}: a variable nothing declares or sets never has a value, so a typo would
      // make the route silently never match (or always, with `exists: false`).
      if (condition && !variables.has(condition.var))
        problems.push({
          path: [...at, 'on', 'variable', 'var'],
          message: undeclaredVariable(condition.var, variables),
        });
      if (condition && 'matches' in condition)
        checkRegex(condition.matches, [...at, 'on', 'variable', 'matches'], problems);
      const awaited = route.on.toolResponse;
      if (awaited !== undefined && !app.tools?.[awaited]?.client) {
        problems.push({
          path: [...at, 'on', 'toolResponse'],
          message:
            `tool "${awaited}" is not a client tool of this app ` +
            `(client tools: ${tools.filter((t) => app.tools?.[t]?.client).join(', ') || 'none'})`,
        });
      }
      const offset = route.say !== undefined ? 1 : 0;
      const checkAction = (action: Action, where: AppProblem['path']): void => {
        if ('transfer' in action && !app.agents[action.transfer])
          problems.push({ path: [...where, 'transfer'], message: known('agent', action.transfer, agents) });
        if ('call' in action && !app.tools?.[action.call.tool])
          problems.push({ path: [...where, 'call', 'tool'], message: known('tool', action.call.tool, tools) });
        if ('call' in action) action.call.onError?.forEach((a, j) => checkAction(a, [...where, 'call', 'onError', j]));
      };
      routeActions(route).forEach((action, i) =>
        checkAction(action, i < offset ? [...at, 'say'] : [...at, 'do', i - offset]),
      );
    });
  }
  for (const [name, tool] of Object.entries(app.tools ?? {})) {
    tool.answers?.forEach((a, i) => checkRegexLeaves(a.whenArgs, ['tools', name, 'answers', i, 'whenArgs'], problems));
  }
  const latency = latencyProblem(app.latencyMs);
  if (latency) problems.push({ path: ['latencyMs', 'min'], message: latency });
  return [...problems, ...checkTemplates(app)];
}

/**
 * Why a uniform latency cannot be drawn: `{min: 300, max: 10}` would give latencies below min (the
 * schema checks each bound, not their order).
 */
export function latencyProblem(latency: LatencySpec | undefined): string | undefined {
  if (typeof latency !== 'object' || !('min' in latency) || latency.min <= latency.max) return undefined;
  return `min ${latency.min} is above max ${latency.max} (a uniform latency is drawn between them)`;
}

/** whenArgs strings may be "/re/flags" literals: each must compile like a route pattern. */
function checkRegexLeaves(value: JsonValue, path: AppProblem['path'], problems: AppProblem[]): void {
  if (typeof value === 'string') checkRegex(value, path, problems);
  else if (Array.isArray(value)) value.forEach((v, i) => checkRegexLeaves(v, [...path, i], problems));
  else if (isJsonObject(value)) for (const [k, v] of Object.entries(value)) checkRegexLeaves(v, [...path, k], problems);
}

function checkRegex(pattern: string | undefined, path: AppProblem['path'], problems: AppProblem[]): void {
  if (pattern === undefined) return;
  // Routes run on the linear-time engine (src/model/pattern.ts), in the event loop the emulator shares
  // with the runner's timers: a pattern that engine cannot run is refused here, at its line.
  try {
    parsePattern(pattern);
  } catch (err) {
    problems.push({ path, message: patternProblem(pattern, err) });
  }
}
