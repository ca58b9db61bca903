// The entry file of src/client (README.md): the Sessions client and the model-shaped helpers the
// runner uses. Heavy parts (auth, AgentService protos, ws) still load on first use inside Sessions.
export { Sessions } from './sessions.js';
// Every type of the Sessions API (options, responses, wire messages): the package entry picks the public ones.
export type * from './sessions.js';
export { CesError, CesInputError, CesAuthError, CesNotImplementedError, isTransient } from './errors.js';
export { normalizeTurn } from './normalize.js';
export { normalizeAudioTurn } from './normalize-audio.js';
export { TurnInProgress } from './turn-rounds.js';
export { formatTranscript } from './format.js';
// One conversion of AgentService resources to the model's AppInventory (also for an emulator app file).
export { inventoryFromResources } from '../model/app-resources.js';
// For src/platform: its own gRPC client of the v1beta platform services, with the same auth and errors.
export {
  resolveAuth,
  channelCredentials,
  emulatorAuth,
  withBearer,
  type AuthProvider,
  type CredentialsOption,
  type EmulatorAuth,
} from './auth.js';
export { fromGrpcError } from './errors.js';
// Its option objects' names are checked as the Sessions client's are (`unknown option "x" in … options`).
export { assertKeys } from './options.js';
export { CES_ENDPOINT, callContext, isCesEndpoint, routingMetadata } from './transport.js';
// GetConversation's messages hold the same chunks as a live turn's: one conversion to the model.
export { toToolCall, toToolResponse, toTransfer } from './chunks.js';
export { fromProto3Json, toProto3Json, loadPlatformProtos, type PlatformService } from './proto/index.js';
