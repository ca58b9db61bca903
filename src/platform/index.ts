// The entry file of src/platform (README.md): the v1beta platform client, tool tests, and platform
// evaluations (push, run, pull). The CLI loads it only for tool tests and `platform` commands.
export { PlatformClient, type PlatformClientOptions } from './grpc.js';
export { buildRunResult } from './result.js';
export { runSelectedToolTests, runToolTests } from './tool-tests/index.js';
export { pushSpecs, type PushReport } from './push/index.js';
export { describeUse } from './push/uses.js';
export { platformRun, NotPushedError, type PlatformRunOptions, type PlatformRunOutcome } from './run/index.js';
export { pullEvaluations, type PullReport } from './pull/index.js';
