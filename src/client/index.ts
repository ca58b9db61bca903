// The entry file of src/client (README.md): the Sessions client and the model-shaped helpers the
// runner uses. Heavy parts (auth, AgentService protos, ws) still load on first use inside Sessions.
export { Sessions } from './sessions.js';
export type { SessionsOptions, RunOptions, RunSessionResponse, SessionOutput, Conversation, CallOptions }
  from './sessions.js';
export type { AudioRunResult } from './bidi/client.js';
export { CesError, CesInputError, CesAuthError, CesNotImplementedError, isTransient } from './errors.js';
export { normalizeTurn, sessionEndOf } from './normalize.js';
export { normalizeAudioTurn } from './normalize-audio.js';
export { formatTranscript } from './format.js';
export { guessMimeType } from './files.js';
