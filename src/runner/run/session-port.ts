// What the runner needs from a Sessions client: the real one, or any object with this shape
// (tests and benchmarks use the real client against the emulator; nothing mocks the transport).
import type { RunOptions, RunSessionResponse } from '../../client/index.js';

export interface SessionsPort {
  readonly appName: string;
  /** `conversation`: the run it is for (the replay serves each conversation its own recording). */
  createSessionId(conversation?: { id: string; inputsHash?: string }): string;
  run(opts: RunOptions): Promise<RunSessionResponse>;
}
