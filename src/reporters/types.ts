// The Reporter contract (README.md): optional hooks, called in run order by the multiplexer.
import type { ConversationResult, RunResult, RunStartInfo, TurnRecord } from '../model/result.js';

export interface ConversationStartInfo {
  id: string;
  specId: string;
  name: string;
  file: string;
  runIndex: number;
}

export interface Reporter {
  name: string;
  onRunStart?(info: RunStartInfo): void | Promise<void>;
  onConversationStart?(c: ConversationStartInfo): void | Promise<void>;
  onTurnEnd?(conversationId: string, turn: TurnRecord): void | Promise<void>;
  onConversationEnd?(result: ConversationResult): void | Promise<void>;
  /** File reporters write here. */
  onRunEnd?(result: RunResult): void | Promise<void>;
}

export interface ReporterOptions {
  outputDir: string;
  /** Where `list` and `github` print; default process.stdout. */
  stream?: NodeJS.WritableStream;
  /** Default: the stream's own isTTY. */
  isTTY?: boolean;
  /** Under CI `list` prints plain lines even in a TTY. */
  ci?: boolean;
  /** Masks applied to every report (redactRunResult). */
  redact?: RegExp[];
  /** Paths in reports are shown relative to it; default process.cwd(). */
  cwd?: string;
  /** Default process.env; `github` reads GITHUB_ACTIONS and GITHUB_STEP_SUMMARY. */
  env?: NodeJS.ProcessEnv;
  /** Reporter names of the run, so `list` can say which report files were written. */
  reporters?: string[];
}

export type ReporterName = 'list' | 'json' | 'junit' | 'html' | 'github';

export interface ReporterFailure {
  reporter: string;
  hook: string;
  error: string;
}
