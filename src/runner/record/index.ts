// Specs from what happened (README "Recording from chat", "Importing real conversations"): the one
// generator of expectations from turn results, recordings as native conversations, and the writer
// that appends them to a spec file without touching what is there.
export { expectationsOf } from './expectations.js';
export {
  recordedNative,
  recordedSpec,
  toolFakesOf,
  type Recording,
  type RecordedTurn,
  type ToolAnswer,
} from './conversation.js';
export { appendToSpecText, conversationNames, newSpecText, type RecordedEntry } from './append.js';
export { uniqueName, writeRecorded, type WriteOptions } from './write.js';
