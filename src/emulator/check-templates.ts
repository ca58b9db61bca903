// Placeholders that can never resolve are app-load errors: an undeclared variable, an input that
// does not exist, a tool the app does not define, a field no response of that server tool has.
// What depends on the session (a tool not called yet, a client tool's answer) is checked per turn.
import { isJsonObject, type JsonObject, type JsonValue } from '../model/json.js';
import { routeActions, type Action, type AppDefinition, type ToolDefinition } from './app.js';
import type { AppProblem } from './check-app.js';
import { malformedPlaceholdersIn, placeholderWithoutSpaces, placeholdersIn } from './template.js';

type Path = AppProblem['path'];

const INPUTS = ['text', 'dtmf', 'event'];

/** Every templated value of the app with its path. */
function templatedValues(app: AppDefinition): Array<{ path: Path; value: JsonValue }> {
  const out: Array<{ path: Path; value: JsonValue }> = [];
  for (const [name, tool] of Object.entries(app.tools ?? {})) {
    for (const key of ['response', 'fake', 'error'] as const)
      if (tool[key] !== undefined) out.push({ path: ['tools', name, key], value: tool[key] });
    tool.answers?.forEach((a, i) => {
      if (a.response) out.push({ path: ['tools', name, 'answers', i, 'response'], value: a.response });
      if (a.error !== undefined) out.push({ path: ['tools', name, 'answers', i, 'error'], value: a.error });
    });
  }
  for (const [agentName, agent] of Object.entries(app.agents)) {
    agent.routes.forEach((route, r) => {
      const at: Path = ['agents', agentName, 'routes', r];
      if (route.say !== undefined) out.push({ path: [...at, 'say'], value: route.say });
      (route.do ?? []).forEach((action, i) => out.push(...actionValues(action, [...at, 'do', i])));
    });
  }
  return out;
}

function actionValues(action: Action, at: Path): Array<{ path: Path; value: JsonValue }> {
  if ('say' in action) return [{ path: [...at, 'say'], value: action.say }];
  if ('call' in action) {
    const own = action.call.args ? [{ path: [...at, 'call', 'args'], value: action.call.args as JsonValue }] : [];
    return [...own, ...(action.call.onError ?? []).flatMap((a, i) => actionValues(a, [...at, 'call', 'onError', i]))];
  }
  if ('payload' in action) return [{ path: [...at, 'payload'], value: action.payload }];
  if ('set' in action) return [{ path: [...at, 'set'], value: action.set }];
  if ('cite' in action) return [{ path: [...at, 'cite'], value: action.cite as unknown as JsonValue }];
  if ('end' in action && action.end !== true && action.end.metadata)
    return [{ path: [...at, 'end', 'metadata'], value: action.end.metadata }];
  return [];
}

/** Variables a template or a route condition may read: declared ones and any a route sets. */
export function knownVariables(app: AppDefinition): Set<string> {
  const names = new Set(Object.keys(app.variables ?? {}));
  const visit = (action: Action): void => {
    if ('set' in action) for (const k of Object.keys(action.set)) names.add(k);
    if ('call' in action) action.call.onError?.forEach(visit);
  };
  for (const agent of Object.values(app.agents)) for (const route of agent.routes) routeActions(route).forEach(visit);
  return names;
}

/** Top-level fields a server tool can answer with (`output` unwrapped); undefined for a client tool. */
function toolFields(tool: ToolDefinition): Set<string> | undefined {
  if (tool.client) return undefined;
  const fields = new Set<string>();
  const add = (response: JsonObject | undefined): void => {
    const body = response && isJsonObject(response['output']) ? response['output'] : response;
    for (const k of Object.keys(body ?? {})) fields.add(k);
  };
  [tool.response, tool.fake, ...(tool.answers ?? []).map((a) => a.response)].forEach(add);
  if (tool.error !== undefined || tool.answers?.some((a) => a.error !== undefined)) fields.add('error');
  return fields;
}

/** Why a variable a template or a route condition reads can never have a value. */
export function undeclaredVariable(name: string, vars: ReadonlySet<string>): string {
  const known = [...vars].join(', ') || 'none';
  return `variable "${name}" is not declared under variables: nor set by any route (known: ${known})`;
}

function problemOf(app: AppDefinition, vars: Set<string>, placeholder: string): string | undefined {
  const [root, name, field] = placeholder.split('.');
  const list = (names: Iterable<string>): string => [...names].join(', ') || 'none';
  if (root === 'vars')
    return name === undefined || vars.has(name) ? undefined : `\${${placeholder}}: ${undeclaredVariable(name, vars)}`;
  if (root === 'input')
    return name !== undefined && INPUTS.includes(name)
      ? undefined
      : `\${${placeholder}}: inputs are ${INPUTS.join(', ')}`;
  if (root !== 'tool') return `\${${placeholder}}: a placeholder starts with vars., input. or tool.`;
  const tool = name === undefined ? undefined : app.tools?.[name];
  if (!tool)
    return `\${${placeholder}}: tool "${name ?? ''}" is not defined (defined: ${list(Object.keys(app.tools ?? {}))})`;
  const fields = toolFields(tool);
  if (field === undefined || !fields || fields.has(field)) return undefined;
  return `\${${placeholder}}: tool "${name}" never answers with "${field}" (its responses have: ${list(fields)})`;
}

/** Why a `${…}` that is not a placeholder is refused: rendering leaves it as it is written. */
function malformedProblem(braced: string): string {
  const meant = placeholderWithoutSpaces(braced);
  const hint = meant
    ? `write \${${meant}}, without spaces`
    : 'a placeholder is ${vars.<name>}, ${input.<text|dtmf|event>} or ${tool.<name>.<field>}';
  return `${braced}: not a placeholder, so it would stay as literal text (${hint})`;
}

export function checkTemplates(app: AppDefinition): AppProblem[] {
  const vars = knownVariables(app);
  return templatedValues(app).flatMap(({ path, value }) => [
    ...[...new Set(malformedPlaceholdersIn(value))].map((b) => ({ path, message: malformedProblem(b) })),
    ...[...new Set(placeholdersIn(value))].flatMap((p) => {
      const message = problemOf(app, vars, p);
      return message ? [{ path, message }] : [];
    }),
  ]);
}
