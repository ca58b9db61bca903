// The public surface of src/audio, shared by the client (sending audio, synthesising `say`
// turns) and the emulator (endpointing, transcripts, agent audio). Explicit names, no `export *`.
export { AudioError, type AudioErrorCode } from './errors.js';
export { bytesPerSample, checkAudioConfig, silenceByte, type AudioConfig, type AudioEncoding } from './config.js';
export { decodeWav, encodeWav, type DecodedWav, type WavFormat } from './wav.js';
export { alawToPcm16, decodeFrom, encodeFor, mulawToPcm16, pcm16ToAlaw, pcm16ToMulaw, resample } from './codec.js';
export { bytesForMs, chunkAudio, durationMs, silence, type ChunkOptions } from './chunks.js';
export { DEFAULT_SPEECH_THRESHOLD_DB, SILENT_SAMPLE_MAX, rmsDb } from './energy.js';
export { UtteranceDetector, type PushResult, type UtteranceDetectorOptions } from './endpoint.js';
export { transcriptKey, transcriptKeyFor, trimSilence } from './fingerprint.js';
export { synthesizeAgentAudio, type SynthSignalOptions } from './synth-signal.js';
export {
  createSynthesizer,
  type SynthesizeOptions,
  type Synthesizer,
  type SynthesizerConfig,
  type TtsCredentials,
} from './tts.js';
export { EspeakSynthesizer, type EspeakOptions } from './tts-espeak.js';
export { GOOGLE_TTS_BASE_URL, GoogleSynthesizer, type GoogleTtsOptions } from './tts-google.js';
