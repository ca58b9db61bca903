// An emulator app file that does not load (AppDefinitionError, code EMULATOR_APP_INVALID) is shown
// as `run --emulator` and `validate` show it: every problem, one a line. The error's own message
// names only the first ("… (and 2 more)"), which hides what to fix.
import { CliError, EXIT } from './exit-codes.js';

interface InvalidApp {
  code: 'EMULATOR_APP_INVALID';
  problems: string[];
}

function isInvalidApp(err: unknown): err is InvalidApp {
  return (err as { code?: unknown } | undefined)?.code === 'EMULATOR_APP_INVALID';
}

/**
 * Every problem of an invalid app file, one a line (exit 2); undefined for any other error. Each is
 * located in the file as it was given (load it by the path the user wrote, not a resolved one).
 */
export function invalidAppError(err: unknown): CliError | undefined {
  if (!isInvalidApp(err)) return undefined;
  return new CliError(err.problems.join('\n'), EXIT.usage);
}

/** An emulator that did not start: an invalid app file is bad input (exit 2), anything else exit 1. */
export function emulatorStartError(err: unknown): CliError {
  return invalidAppError(err) ?? new CliError((err as Error).message, EXIT.failed);
}
