// What the runner needs from a Sessions client: the real one, or any object with this shape
// (tests and benchmarks use the real client against the emulator; nothing mocks the transport).
import type { RunOptions, RunSessionResponse } from '../../client/index.js';
import type { TurnSpec } from '../../model/spec.js';

/** The conversation run a session is for: the replay serves it its own recording and checks its turns. */
export interface SessionOwner {
  id: string;
  inputsHash?: string;
  /** The spec's turns, so a replay can tell at once which turn's inputs differ from the recording. */
  turns?: readonly TurnSpec[];
}

export interface SessionsPort {
  readonly appName: string;
  /** `conversation`: the run it is for (the replay serves each conversation its own recording). */
  createSessionId(conversation?: SessionOwner): string;
  run(opts: RunOptions): Promise<RunSessionResponse>;
}
