// How the emulator names speech it could not recognise. Its stand-in for speech recognition looks
// an utterance's transcript key (src/audio/fingerprint.ts) up in the app's transcripts table; when
// the key is missing, the user message of the turn's diagnosticInfo says which key it computed, so
// the reports, `chat` and a failed `transcript` expectation tell the author what to add. Here, in
// the shared vocabulary, because the emulator writes the line and the assertions read it.

const PREFIX = '[unrecognized speech: transcript key ';
const LINE = /^\[unrecognized speech: transcript key ([0-9a-f]{64})\]$/;

/** The user line the emulator records for an utterance whose key is not in its transcripts table. */
export function unrecognizedSpeechLine(key: string): string {
  return `${PREFIX}${key}]`;
}

/** The transcript key named by such a line, or undefined for any other text. */
export function unrecognizedSpeechKey(text: string): string | undefined {
  return LINE.exec(text)?.[1];
}
