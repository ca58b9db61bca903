// Which format a spec file is written in, recognised by its shape (cxas-scrapi files carry no marker).
export type SpecFormat = 'native' | 'scrapi-turn-eval' | 'scrapi-golden' | 'scrapi-tool-test' | 'scrapi-simulation';

type Raw = Record<string, unknown>;
const isObject = (v: unknown): v is Raw => v !== null && typeof v === 'object' && !Array.isArray(v);

const TURN_EVAL_CASE_KEYS = ['conversation', 'expectations', 'historical_contexts', 'turn_count', 'config'];
const GOLDEN_TURN_KEYS = ['agent', 'tool_calls'];

/**
 * Native unless a cxas-scrapi marker is present: `golden:`/`displayName:` (the export form), `evals:`
 * (simulation evals), `tests:`,
 * `common_*` keys, a top-level `config:`, or conversations using scrapi's own keys (`conversation:`,
 * `expectations:`, `session_parameters:`, `turns` with `turn:` labels, or golden turns with `agent:` /
 * `tool_calls:`).
 */
export function detectFormat(value: unknown): SpecFormat {
  if (!isObject(value)) return 'native';
  if (isGoldenExport(value)) return 'scrapi-golden';
  if ('evals' in value) return 'scrapi-simulation';
  if ('common_session_parameters' in value || 'common_expectations' in value) return 'scrapi-golden';
  if (isToolTestList(value['tests'])) return 'scrapi-tool-test';
  if ('tests' in value || 'config' in value) return 'scrapi-turn-eval';
  const cases = Array.isArray(value['conversations']) ? value['conversations'].filter(isObject) : [];
  if (cases.some(isGoldenCase)) return 'scrapi-golden';
  if (cases.some((c) => TURN_EVAL_CASE_KEYS.some((k) => k in c) || turnsOf(c).some((t) => 'turn' in t)))
    return 'scrapi-turn-eval';
  return 'native';
}

/** One CES Evaluation in proto JSON (`displayName`, `golden.turns[].steps`), as platform exports write it. */
export function isGoldenExport(value: unknown): boolean {
  return isObject(value) && ('golden' in value || 'displayName' in value);
}

function turnsOf(c: Raw): Raw[] {
  return Array.isArray(c['turns']) ? c['turns'].filter(isObject) : [];
}

function isGoldenCase(c: Raw): boolean {
  return 'session_parameters' in c || turnsOf(c).some((t) => GOLDEN_TURN_KEYS.some((k) => k in t));
}

/** Keys only a tool test case has, and keys only a turn-eval case has. */
const TOOL_TEST_CASE_KEYS = ['tool', 'args'];
const TURN_EVAL_ONLY_KEYS = ['user', 'event', 'turns', 'conversation', 'historical_contexts', 'turn_count', 'config'];

/**
 * cxas-scrapi tool tests: `tests:` whose cases mostly look like tool tests (`tool`, `args`; turn-eval
 * cases have neither) rather than turn evals. A majority, not every case: one case with a typo
 * (`tol:`) then gets its own error naming the typo, instead of every case being read as a turn eval.
 */
function isToolTestList(tests: unknown): boolean {
  if (!Array.isArray(tests)) return false;
  const cases = tests.filter(isObject);
  const like = (keys: string[]) => cases.filter((c) => keys.some((k) => k in c)).length;
  const tool = like(TOOL_TEST_CASE_KEYS);
  return tool > 0 && tool > like(TURN_EVAL_ONLY_KEYS);
}
