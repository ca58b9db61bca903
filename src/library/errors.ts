// Bad input to a run (an invalid spec, config, option or stored-run reference): the library throws
// it, the CLI prints its message on one line and exits with its code (2, like an invalid spec).
import { ExitCodeError } from '../model/exit-codes.js';

export class RunInputError extends ExitCodeError {}

/**
 * Bad specs or config: every problem, one a line (`file:line:col message`), in `problems`; the
 * message ends with how many there are.
 */
export class RunLoadError extends RunInputError {
  constructor(readonly problems: readonly string[]) {
    super([...problems, `${problems.length} error${problems.length === 1 ? '' : 's'}; nothing was run.`].join('\n'));
  }
}
