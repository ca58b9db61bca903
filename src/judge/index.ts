// LLM-judged expectations and the structured-call layer under them (see README.md).
export { Judge, type JudgeOutcome } from './judge.js';
export { JUDGE_PROMPT_VERSION, JUDGE_REPLY_SCHEMA, JUDGE_SYSTEM, judgeMessages } from './prompt.js';
export { renderTranscript, transcriptData, type TranscriptTurn } from './transcript.js';
export { judgeExamples, stabilityOf, type JudgedExample, type JudgedItem } from './stability.js';
export { judgeAssertion, judgeCriterion, judgeVerdict, notCalibrated, withCalibration } from './assertion.js';
export {
  CalibrationGate,
  calibrationFloor,
  DEFAULT_CALIBRATION_DIR,
  fingerprintKey,
  fingerprintOf,
  saveCalibration,
  shortfall,
  type CalibrationFloor,
  type JudgeIdentity,
  type StoredCalibration,
} from './calibration.js';
export { StructuredCaller, Budget } from './structured.js';
export { DiskCache, cacheKey, type CacheKeyParts } from './cache.js';
export { canonicalJson } from '../model/json.js';
export { UsageLedger } from './usage.js';
export {
  resolveJudge,
  createBackend,
  missingModel,
  callerSettings,
  cacheOf,
  type JudgeConfig,
  type JudgeFlags,
  type JudgeContext,
  type JudgeSetup,
} from './settings.js';
export { type LlmBackend, type ChatMessage } from './types.js';
export { loadLabels, inlineTranscript, LABELS_SCHEMA, type Label } from './labels.js';
