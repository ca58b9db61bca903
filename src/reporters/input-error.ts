// The error of a bad results.json given to merge-reports (its own file so that catching it does not
// load ajv: see load.ts).

/** A results.json that is missing, is not JSON, or is not a RunResult. */
export class ReportInputError extends Error {
  readonly code = 'BAD_REPORT_INPUT';
  constructor(message: string) {
    super(message);
    this.name = 'ReportInputError';
  }
}
