// An assertion that cannot be evaluated becomes status `error`, never a silent pass.

export class CannotEvaluateError extends Error {
  readonly code: string = 'CANNOT_EVALUATE';
  constructor(message: string) {
    super(message);
    this.name = 'CannotEvaluateError';
  }
}

/** Options of a shape the matcher does not understand (the schema should have caught it). */
export class BadOptionsError extends CannotEvaluateError {
  override readonly code = 'BAD_OPTIONS';
  constructor(message: string) {
    super(message);
    this.name = 'BadOptionsError';
  }
}
