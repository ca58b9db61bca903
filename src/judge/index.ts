// LLM-judged expectations and the structured-call layer under them (see README.md).
export { Judge, decide, type JudgeOutcome, type JudgeRequest } from './judge.js';
export { JUDGE_PROMPT_VERSION, JUDGE_REPLY_SCHEMA, JUDGE_SYSTEM, judgeMessages, type JudgeReply } from './prompt.js';
export { renderTranscript, transcriptData, type JudgeTurn, type TranscriptTurn } from './transcript.js';
export {
  judgeAssertion,
  judgeCriterion,
  judgeVerdict,
  notCalibrated,
  withCalibration,
  type JudgeCriterion,
  type JudgeVerdict,
} from './assertion.js';
export {
  CalibrationGate,
  DEFAULT_CALIBRATION_DIR,
  DEFAULT_MIN_KAPPA,
  fingerprintKey,
  fingerprintOf,
  kappaText,
  readCalibrations,
  saveCalibration,
  type CalibrationConfig,
  type JudgeIdentity,
  type StoredCalibration,
} from './calibration.js';
export {
  StructuredCaller,
  Budget,
  renderPrompt,
  type StructuredCall,
  type StructuredResult,
  type CallFailure,
  type CallerSettings,
} from './structured.js';
export { DiskCache, cacheKey, type CacheMode, type CacheKeyParts, type DiskCacheOptions } from './cache.js';
export { CACHE_SECRET_ENV, loadCacheSecret, secretFile, stateDir } from './cache-secret.js';
export { canonicalJson } from '../model/json.js';
export { UsageLedger } from './usage.js';
export { checkReply } from './reply.js';
export { withRetries, backoffMs, DEFAULT_RETRY, type RetryPolicy } from './retry.js';
export { retryAfterMs } from './http-errors.js';
export { GeminiBackend, type GeminiAuth, type GeminiBackendOptions } from './gemini.js';
export { OpenAiBackend, type OpenAiBackendOptions } from './openai.js';
export {
  resolveJudge,
  calibrationGate,
  createBackend,
  callerSettings,
  cacheOf,
  DEFAULT_GEMINI_MODEL,
  DEFAULT_CACHE_DIR,
  type JudgeConfig,
  type JudgeFlags,
  type JudgeContext,
  type JudgeSetup,
  type JudgeBackendChoice,
} from './settings.js';
export {
  LlmCallError,
  type LlmBackend,
  type LlmRequest,
  type LlmReply,
  type ChatMessage,
  type BackendName,
  type LlmErrorCode,
} from './types.js';
export {
  loadLabels,
  inlineTranscript,
  LABELS_SCHEMA,
  type Label,
  type LabelTranscript,
  type LoadedLabels,
  type InlineTurn,
  type ExpectationRef,
  type HumanVerdict,
} from './labels.js';
