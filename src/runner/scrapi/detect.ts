// Which format a spec file is written in, recognised by its shape (cxas-scrapi files carry no marker).
export type SpecFormat = 'native' | 'scrapi-turn-eval' | 'scrapi-golden' | 'scrapi-tool-test' | 'scrapi-simulation';
export type ScrapiFormat = Exclude<SpecFormat, 'native'>;

type KeyPath = Array<string | number>;
/** The format, and for a cxas-scrapi one the key that gave it away (so its errors can say why). */
export type Detection = { format: 'native' } | { format: ScrapiFormat; by: KeyPath };

type Raw = Record<string, unknown>;
const isObject = (v: unknown): v is Raw => v !== null && typeof v === 'object' && !Array.isArray(v);

/** Keys of a case that only the cxas-scrapi formats have (`conversation:` names a scrapi case). */
const SCRAPI_CASE_KEYS = ['conversation', 'expectations', 'historical_contexts', 'turn_count', 'config'];
const GOLDEN_CASE_KEYS = ['session_parameters'];
/**
 * Keys of a turn that only a turn eval's steps have, and only a golden's turns have. Not a step's
 * `expectations:`/`config:`: in a turn under `name:`, that is the likelier typo of native `expect:`.
 */
const TURN_EVAL_TURN_KEYS = ['turn'];
const GOLDEN_TURN_KEYS = ['agent', 'tool_calls', 'user_event'];
/**
 * Keys only native files have, top-level, on a conversation and on a turn (scrapi.test.ts checks
 * these against the schemas: spec.schema.json's keys that no cxas-scrapi schema has there).
 */
export const NATIVE_TOP_KEYS = ['app', 'defaults', 'include', 'steps', 'toolTests'];
export const NATIVE_CASE_KEYS = [
  'each',
  'repeat',
  'passRate',
  'golden',
  'timeoutMs',
  'history',
  'useToolFakes',
  'deploymentId',
  'entryAgent',
  'timeZone',
  'modality',
  'match',
  'pacing',
  'toolFakes',
  'skip',
  'simulation',
  'expect',
];
export const NATIVE_TURN_KEYS = [
  'dtmf',
  'blob',
  'image',
  'audio',
  'toolResponses',
  'expect',
  'timeoutMs',
  'label',
  'use',
  'with',
];

type CaseFormat = 'native' | 'scrapi-turn-eval' | 'scrapi-golden';
interface Evidence {
  format: CaseFormat;
  by: KeyPath;
}

export function detectFormat(value: unknown): SpecFormat {
  return recogniseFormat(value).format;
}

/**
 * Native when the file says so: a top-level key only native files have, or more conversations that
 * read as native (`name:` with `turns:`, or a key only native conversations and turns have) than
 * as cxas-scrapi cases. So a native file with one mistake (a top-level `golden:` or `config:`, a turn
 * `agent:`) is validated as native, and its errors describe the format its author wrote. Otherwise
 * a cxas-scrapi marker decides: `golden:`/`displayName:` (the export form), `evals:` (simulation
 * evals), `tests:`, `common_*` keys, a top-level `config:`, or cases using scrapi's own keys
 * (`conversation:`, `expectations:`, `session_parameters:`, steps with `turn:` labels, or golden turns
 * with `agent:` / `tool_calls:`).
 */
export function recogniseFormat(value: unknown): Detection {
  if (!isObject(value)) return { format: 'native' };
  const evidence = casesOf(value).flatMap((c, i) => caseEvidence(c, ['conversations', i]) ?? []);
  const count = (f: (e: Evidence) => boolean) => evidence.filter(f).length;
  const nativeCases = count((e) => e.format === 'native');
  if (NATIVE_TOP_KEYS.some((k) => k in value) || nativeCases > evidence.length - nativeCases)
    return { format: 'native' };
  return topLevelMarker(value) ?? scrapiCase(evidence) ?? { format: 'native' };
}

function topLevelMarker(value: Raw): Detection | undefined {
  const key = (keys: string[]) => keys.find((k) => k in value);
  const exportKey = key(['golden', 'displayName']);
  if (exportKey) return { format: 'scrapi-golden', by: [exportKey] };
  if ('evals' in value) return { format: 'scrapi-simulation', by: ['evals'] };
  const common = key(['common_session_parameters', 'common_expectations']);
  if (common) return { format: 'scrapi-golden', by: [common] };
  if (isToolTestList(value['tests'])) return { format: 'scrapi-tool-test', by: ['tests'] };
  const turnEval = key(['tests', 'config']);
  if (turnEval) return { format: 'scrapi-turn-eval', by: [turnEval] };
  return undefined;
}

/** A golden case anywhere makes the file a golden (as before); else a turn-eval case a turn eval. */
function scrapiCase(evidence: Evidence[]): Detection | undefined {
  const golden = evidence.find((e) => e.format === 'scrapi-golden');
  if (golden) return { format: 'scrapi-golden', by: golden.by };
  const turnEval = evidence.find((e) => e.format === 'scrapi-turn-eval');
  return turnEval ? { format: 'scrapi-turn-eval', by: turnEval.by } : undefined;
}

/** One entry of `conversations:` (its own keys first: they name its format more surely than its turns'). */
function caseEvidence(c: Raw, at: KeyPath): Evidence | undefined {
  const own = (keys: string[]) => keys.find((k) => k in c);
  const scrapiKey = own([...GOLDEN_CASE_KEYS, ...SCRAPI_CASE_KEYS]);
  if (scrapiKey) {
    const golden = own(GOLDEN_CASE_KEYS) ?? turnKey(c, at, GOLDEN_TURN_KEYS);
    if (golden) return { format: 'scrapi-golden', by: typeof golden === 'string' ? [...at, golden] : golden };
    return { format: 'scrapi-turn-eval', by: [...at, scrapiKey] };
  }
  const native = own(NATIVE_CASE_KEYS);
  if (native) return { format: 'native', by: [...at, native] };
  const nativeTurn = turnKey(c, at, NATIVE_TURN_KEYS);
  if (nativeTurn) return { format: 'native', by: nativeTurn };
  const turnEval = turnKey(c, at, TURN_EVAL_TURN_KEYS);
  if (turnEval) return { format: 'scrapi-turn-eval', by: turnEval };
  // A golden case is named by `conversation:`, never `name:`: with `name:`, `agent:` is a native typo.
  const golden = turnKey(c, at, GOLDEN_TURN_KEYS);
  if (golden && !('name' in c)) return { format: 'scrapi-golden', by: golden };
  // `name:` with `turns:` and none of the above: a turn eval's steps need `turn:`, a golden `conversation:`.
  if ('name' in c && Array.isArray(c['turns'])) return { format: 'native', by: [...at, 'turns'] };
  return undefined;
}

/** The path of the first of `keys` in one of the case's turns. */
function turnKey(c: Raw, at: KeyPath, keys: string[]): KeyPath | undefined {
  const turns: unknown[] = Array.isArray(c['turns']) ? c['turns'] : [];
  for (const [j, t] of turns.entries()) {
    const key = isObject(t) ? keys.find((k) => k in t) : undefined;
    if (key) return [...at, 'turns', j, key];
  }
  return undefined;
}

function casesOf(value: Raw): Raw[] {
  const list = value['conversations'];
  // Index-preserving: a non-map entry stays (it gives no evidence), so the paths stay right.
  return Array.isArray(list) ? list.map((c) => (isObject(c) ? c : {})) : [];
}

/** One CES Evaluation in proto JSON (`displayName`, `golden.turns[].steps`), as platform exports write it. */
export function isGoldenExport(value: unknown): boolean {
  return isObject(value) && ('golden' in value || 'displayName' in value);
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
