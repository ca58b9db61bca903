// The entry file of src/platform (README.md): the v1beta platform client, tool tests, and platform
// evaluations (push, run, pull). The CLI loads it only for tool tests and `platform` commands.
export { PlatformClient, DEFAULT_PLATFORM_ENDPOINT, type PlatformClientOptions } from './grpc.js';
export { buildRunResult, type RunResultParts } from './result.js';
export {
  selectToolTests,
  runSelectedToolTests,
  runToolTests,
  type ToolTestSelection,
  type ToolTestHooks,
  type ToolTestOptions,
} from './tool-tests/index.js';
export { pushSpecs, type PushOptions, type PushReport, type PushEntry, type PushAction } from './push/index.js';
export { FIDELITY, type Fidelity, type FidelityKey } from './push/fidelity.js';
export { describeUse, type ConstructUse } from './push/uses.js';
export { platformRun, NotPushedError, type PlatformRunOptions, type PlatformRunOutcome } from './run/index.js';
export { pullEvaluations, type PullReport, type PulledFile } from './pull/index.js';
