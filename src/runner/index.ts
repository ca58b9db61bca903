// The entry file of src/runner (README.md): load specs and config, convert scrapi files, run.
// Running pulls in the client, the assertions and the suite machinery, so `executeRun` and `runSuite`
// load ./run/index.js on their first call: `validate` and `convert` start without it.
import type * as Run from './run/index.js';
import type { RunResult } from '../model/result.js';
import type * as CustomMatchers from './run/custom-matchers.js';
import type * as Import from './record/import.js';

export { loadSpecs } from './load/index.js';
export type { GoldenUse } from './load/golden-clashes.js';
export { loadConfig, projectRoots, type CxasConfig, type ConfigResult } from './config.js';
export { insideRoots, outsideRootsText } from './load/roots.js';
export { goldensFolderProblem } from './goldens/folder.js';
export { checkAgainstInventory, type InventoryCheck } from './load/inventory.js';
export { checkLlmSettings } from './llm-settings.js';
export { convertFile } from './scrapi/convert.js';
export { planRuns, passRatesOf } from './run/plan.js';
// Specs from what happened: `chat --record` and `import conversations` (README "Recording from chat").
export { recordedNative, writeRecorded, type Recording, type RecordedTurn, type ToolAnswer } from './record/index.js';
export { llmUsageOf } from './run/llm-usage.js';
export { ToolFakeResponder, UnmatchedToolCallError, type ToolReply } from './run/tool-fakes.js';
export { resolveUserModel, type UserModelSetup } from './run/simulation/user-model.js';
export type { RunRequest, RunOutcome, MoreRunsControl, PlanOptions, SessionsPort } from './run/index.js';

export const executeRun: typeof Run.executeRun = async (req) => (await import('./run/index.js')).executeRun(req);
/** For `validate`: custom matcher modules that do not load or lack their export, at the expectation. */
export const checkCustomMatchers: typeof CustomMatchers.checkCustomMatchers = async (...args) =>
  (await import('./run/custom-matchers.js')).checkCustomMatchers(...args);
export const rescoreRun: typeof Run.rescoreRun = async (req) => (await import('./run/index.js')).rescoreRun(req);
/** `run --replay`: a SessionsPort answering from a stored run (run/replay.ts), loaded on call. */
export const replaySessions = async (run: RunResult, options: Run.ReplayOptions = {}): Promise<Run.SessionsPort> =>
  new (await import('./run/index.js')).ReplaySessions(run, options);
export type { ImportReport } from './record/import.js';
/** `import conversations` (record/import.ts); loaded on call: it brings the goldens code with it. */
export const importConversations: typeof Import.importConversations = async (...args) =>
  (await import('./record/import.js')).importConversations(...args);
export const runSuite: typeof Run.runSuite = async (...args) => (await import('./run/index.js')).runSuite(...args);
