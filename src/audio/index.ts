// The public surface of src/audio, shared by the client (sending audio, synthesising `say`
// turns) and the emulator (endpointing, transcripts, agent audio). Explicit names, no `export *`.
export { checkAudioConfig, type AudioConfig, type AudioEncoding } from './config.js';
export { decodeWav, encodeWav, wavProblem } from './wav.js';
export { decodeFrom, encodeFor } from './codec.js';
export { chunkAudio, durationMs, silence } from './chunks.js';
export { UtteranceDetector } from './endpoint.js';
export { speechEndOffset, transcriptKey, transcriptKeyFor } from './fingerprint.js';
/** @public scripts/make-audio-fixtures.mjs compiles this file and calls it (knip cannot see that import). */
export { trimSilence } from './fingerprint.js';
export { synthesizeAgentAudio } from './synth-signal.js';
export { createSynthesizer, type Synthesizer, type TtsCredentials } from './tts.js';
