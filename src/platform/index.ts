// The entry file of src/platform (README.md): the v1beta platform client, tool tests, and platform
// evaluations (push, run, pull). The CLI loads it only for tool tests and `platform` commands.
export { PlatformClient, DEFAULT_PLATFORM_ENDPOINT, type PlatformClientOptions } from './grpc.js';
export { buildRunResult, addConversations, type RunResultParts } from './result.js';
export { selectToolTests, runSelectedToolTests, runToolTests, type ToolTestSelection, type ToolTestHooks, type ToolTestOptions } from './tool-tests/index.js';
