// The one error class of src/audio. `code` is stable (callers branch on it); the message is
// one line naming what was found, so a bad fixture or a missing tool is obvious in a report.
export type AudioErrorCode =
  | 'BAD_AUDIO' // bytes that are not audio we can read (WAV header, odd PCM length...)
  | 'BAD_AUDIO_CONFIG' // an encoding or sample rate we do not support
  | 'SYNTHESIZER_MISSING' // the chosen text-to-speech engine is not available
  | 'SYNTHESIS_FAILED'; // the engine ran but failed (exit code, HTTP status, auth)

export class AudioError extends Error {
  constructor(
    readonly code: AudioErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'AudioError';
  }
}
