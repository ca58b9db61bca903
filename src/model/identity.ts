// What a run tested (schemas/report.schema.json `identity`), so two runs can be told apart and a
// stored run can be rescored or replayed only against what it really exercised.

export interface RunIdentity {
  target: TargetIdentity;
  /** SHA-256 (hex) of each spec file the run loaded, by its path relative to the working directory. */
  specs: Record<string, string>;
  /** SHA-256 of the configuration the run used (config file and flags, canonical JSON). */
  config: string;
  /** The working tree, when the run started inside a git repository and git answered. */
  git?: GitIdentity;
  /** The machine's name: only when the user opts in (config `identity: { host: true }`). */
  host?: string;
}

export interface TargetIdentity {
  app?: string;
  /** The deployment every conversation used (`deploymentId`), when they all agree on one. */
  deployment?: string;
  /** The bundled emulator: SHA-256 of its app file and the files it references (transcripts). */
  appHash?: string;
}

export interface GitIdentity {
  commit: string;
  /** Absent on a detached HEAD. */
  branch?: string;
  /** Uncommitted changes in the working tree (absent when git could not tell). */
  dirty?: boolean;
}

/** The stored run a run was derived from (`rescore`, `run --replay`). */
export interface RunReference {
  runId: string;
  /** The results file it was read from, as given (a path or a history reference). */
  source: string;
}
