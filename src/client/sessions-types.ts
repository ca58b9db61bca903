// The shapes of the Sessions API (sessions.ts): its constructor options, what a run returns and
// the plain config/input forms makeTextRequest and bidiRunSession take.
import type { AuthClient } from 'google-auth-library';
import type { TurnResult } from '../model/turn.js';
import type { ApiVersion } from './proto/load.js';
import type { SessionOutput } from './types.js';
import type { CallRecord } from './execute.js';
import type { AudioRunResult } from './bidi/client.js';
import type { AudioOptions } from './bidi/plan.js';

export type { BidiCallOptions } from './bidi/plan.js';

export interface SessionsOptions {
  appName: string;
  deploymentId?: string;
  endpoint?: string;
  /**
   * Plaintext (the emulator): Google credentials are not sent on it; an emulator started with
   * `--token` gets `credentials.token`, else `CXAS_EMULATOR_TOKEN` of `env`, as its bearer token.
   */
  insecure?: boolean;
  credentials?: { keyFile?: string; token?: string } | AuthClient;
  /**
   * The environment `CXAS_OAUTH_TOKEN` (and, insecure, `CXAS_EMULATOR_TOKEN`) is read from when
   * `credentials` gives none (default process.env): a library run passes its caller's `env` (src/library).
   */
  env?: Readonly<Record<string, string | undefined>>;
  apiVersion?: ApiVersion;
  websocketEndpoint?: string;
  maxReceiveMessageBytes?: number;
  /** Audio modality (BidiRunSession over WebSocket): synthesiser, pacing, padding. */
  audio?: AudioOptions;
}

export interface RunSessionResponse {
  outputs: SessionOutput[];
  /** One entry per RunSession call made (text), or per bidi turn (audio), in order. */
  calls: CallRecord[];
  /** Audio modality only. */
  audio?: AudioRunResult;
}

/** Plain SessionConfig / SessionInput as makeTextRequest takes them (camelCase, Structs as JSON). */
export type SessionConfigInput = Record<string, unknown>;
export type SessionInputInput = Record<string, unknown>;
export type StructuredResponse = TurnResult;
export type ParseFormat = 'auto' | 'ansi' | 'plain' | 'html';
