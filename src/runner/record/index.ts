// Specs from what happened (README "Recording from chat", "Importing real conversations"): the one
// generator of expectations from turn results, recordings as native conversations, and the writer
// that appends them to a spec file without touching what is there.
export { recordedNative, type Recording, type RecordedTurn, type ToolAnswer } from './conversation.js';
export { writeRecorded } from './write.js';
