// The CLI's exit codes are the model's (src/model/exit-codes.ts), shared with the library's `run`.
import { ExitCodeError } from '../model/exit-codes.js';

export { EXIT, exitCodeFor, runExitCode } from '../model/exit-codes.js';

/** An error that carries the exit code the CLI should end with. */
export class CliError extends ExitCodeError {}
