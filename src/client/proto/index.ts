// The entry file of src/client/proto: the CES protos of google-proto-files (compiled at build time,
// one reflection root per process) and the proto3 JSON mapping. The emulator shares exactly this
// with the client, and nothing else.
export { loadCesProtos, loadSessionProtos, type CesProtos } from './load.js';
export { fromProto3Json, toProto3Json, durationFromMs, timestampFromMs } from './json.js';
export { encodeRetryStatus, STATUS_DETAILS_KEY } from './status.js';
export { loadPlatformProtos, anyTypeUrl, type PlatformProtos, type PlatformService } from './platform.js';
